import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { checkPartitionsCount } from '../topics/create-topic.js';

/** DeletePartitions (403): removes the last partitions (highest ids) with their data. Count 1..=1000, else 2015. Empty response. */
export interface DeletePartitionsRequest {
  streamId: Identifier;
  topicId: Identifier;
  partitionsCount: number;
}

export function encodeDeletePartitionsRequest(request: DeletePartitionsRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  writer.u32(checkPartitionsCount(request.partitionsCount, 1));
  return writer.view();
}

export function decodeDeletePartitionsRequest(payload: Buffer): DeletePartitionsRequest {
  ensureMinPayload(payload, 10);
  const reader = new BufferReader(payload);
  const streamId = readIdentifier(reader);
  const topicId = readIdentifier(reader);
  return { streamId, topicId, partitionsCount: checkPartitionsCount(reader.u32(), 1) };
}
