import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { type StreamDetails, writeStreamDetails, readStreamDetails } from '../../models/stream-record.js';

/** GetStream (200): the stream record followed by its topic records. */
export interface GetStreamRequest {
  streamId: Identifier;
}

/** null = not found, sent as an empty OK payload (SDKs map it to null/None). */
export type GetStreamResponse = StreamDetails | null;

export function encodeGetStreamRequest(request: GetStreamRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  return writer.view();
}

/** Minimum payload 3 bytes (§8.1); trailing bytes are ignored. */
export function decodeGetStreamRequest(payload: Buffer): GetStreamRequest {
  ensureMinPayload(payload, 3);
  const reader = new BufferReader(payload);
  return { streamId: readIdentifier(reader) };
}

export function encodeGetStreamResponse(response: GetStreamResponse): Buffer {
  if (response === null) return EMPTY_PAYLOAD;
  const writer = new BufferWriter(256);
  writeStreamDetails(writer, response);
  return writer.view();
}

export function decodeGetStreamResponse(payload: Buffer): GetStreamResponse {
  if (payload.length === 0) return null;
  return readStreamDetails(new BufferReader(payload));
}
