import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { checkU32, ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** DeleteSegments (503): deletes up to `segmentsCount` of the oldest sealed segments. Empty response. */
export interface DeleteSegmentsRequest {
  streamId: Identifier;
  topicId: Identifier;
  partitionId: number;
  segmentsCount: number;
}

export function encodeDeleteSegmentsRequest(request: DeleteSegmentsRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  writer.u32(checkU32(request.partitionId, 'partition id')).u32(checkU32(request.segmentsCount, 'segments count'));
  return writer.view();
}

export function decodeDeleteSegmentsRequest(payload: Buffer): DeleteSegmentsRequest {
  ensureMinPayload(payload, 10);
  const reader = new BufferReader(payload);
  const streamId = readIdentifier(reader);
  const topicId = readIdentifier(reader);
  return { streamId, topicId, partitionId: reader.u32(), segmentsCount: reader.u32() };
}
