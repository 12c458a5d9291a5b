import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** PurgeStream (205): deletes all messages and offsets of the stream. Empty response. */
export interface PurgeStreamRequest {
  streamId: Identifier;
}

export function encodePurgeStreamRequest(request: PurgeStreamRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  return writer.view();
}

/** Minimum payload 5 bytes (§8.1); trailing bytes are ignored. */
export function decodePurgeStreamRequest(payload: Buffer): PurgeStreamRequest {
  ensureMinPayload(payload, 5);
  const reader = new BufferReader(payload);
  return { streamId: readIdentifier(reader) };
}
