import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { checkPartitionsCount } from '../topics/create-topic.js';

/** CreatePartitions (402): adds partitions at the end (ids continue from the current count). Count 1..=1000, else 2015. Empty response. */
export interface CreatePartitionsRequest {
  streamId: Identifier;
  topicId: Identifier;
  partitionsCount: number;
}

export function encodeCreatePartitionsRequest(request: CreatePartitionsRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  writer.u32(checkPartitionsCount(request.partitionsCount, 1));
  return writer.view();
}

export function decodeCreatePartitionsRequest(payload: Buffer): CreatePartitionsRequest {
  ensureMinPayload(payload, 10);
  const reader = new BufferReader(payload);
  const streamId = readIdentifier(reader);
  const topicId = readIdentifier(reader);
  return { streamId, topicId, partitionsCount: checkPartitionsCount(reader.u32(), 1) };
}
