import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { checkU32, readBool } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** FlushUnsavedBuffer (102): stream, topic, u32 partition id, u8 fsync (1 = fsync). Empty response. */
export interface FlushUnsavedBufferRequest {
  streamId: Identifier;
  topicId: Identifier;
  partitionId: number;
  fsync: boolean;
}

export function encodeFlushUnsavedBufferRequest(request: FlushUnsavedBufferRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  writer.u32(checkU32(request.partitionId, 'partition id')).u8(request.fsync ? 1 : 0);
  return writer.view();
}

/** No fixed minimum in the original; every field must be present. */
export function decodeFlushUnsavedBufferRequest(payload: Buffer): FlushUnsavedBufferRequest {
  const reader = new BufferReader(payload);
  const streamId = readIdentifier(reader);
  const topicId = readIdentifier(reader);
  return { streamId, topicId, partitionId: reader.u32(), fsync: readBool(reader) };
}
