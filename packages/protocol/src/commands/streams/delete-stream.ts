import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** DeleteStream (203): deletes the stream and everything in it. Empty response. */
export interface DeleteStreamRequest {
  streamId: Identifier;
}

export function encodeDeleteStreamRequest(request: DeleteStreamRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  return writer.view();
}

/** Minimum payload 3 bytes (§8.1); trailing bytes are ignored. */
export function decodeDeleteStreamRequest(payload: Buffer): DeleteStreamRequest {
  ensureMinPayload(payload, 3);
  const reader = new BufferReader(payload);
  return { streamId: readIdentifier(reader) };
}
