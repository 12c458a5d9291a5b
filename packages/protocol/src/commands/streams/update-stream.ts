import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload, readName, writeName } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { NAME_LENGTH_MAX } from '../../limits.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** UpdateStream (204): identifier + str8 new name (1..=255, else 1013). Empty response. */
export interface UpdateStreamRequest {
  streamId: Identifier;
  name: string;
}

export function encodeUpdateStreamRequest(request: UpdateStreamRequest): Buffer {
  const writer = new BufferWriter(64);
  writeIdentifier(writer, request.streamId);
  writeName(writer, request.name, 1, NAME_LENGTH_MAX, ErrorCode.InvalidStreamName);
  return writer.view();
}

export function decodeUpdateStreamRequest(payload: Buffer): UpdateStreamRequest {
  ensureMinPayload(payload, 5);
  const reader = new BufferReader(payload);
  const streamId = readIdentifier(reader);
  return { streamId, name: readName(reader, 1, NAME_LENGTH_MAX, ErrorCode.InvalidStreamName) };
}
