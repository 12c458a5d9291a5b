import type { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';
import { writeName } from '../codec-helpers.js';
import { ErrorCode } from '../errors/error-codes.js';
import { NAME_LENGTH_MAX } from '../limits.js';
import type { CompressionAlgorithm } from './compression-algorithm.js';
import { type PartitionRecord, readPartitionRecord, writePartitionRecord } from './partition-record.js';

/**
 * Topic record (§7.8): 51 + N bytes, in the order the 0.7.0 server writes it (expiry at 16,
 * compression at 24; the Node SDK's decoder has these two swapped).
 */
export interface TopicRecord {
  id: number;
  /** µs since epoch. */
  createdAt: bigint;
  partitionsCount: number;
  /** µs; u64::MAX = never expire. */
  messageExpiry: bigint;
  compressionAlgorithm: CompressionAlgorithm;
  /** bytes; u64::MAX = unlimited. */
  maxTopicSize: bigint;
  replicationFactor: number;
  sizeBytes: bigint;
  messagesCount: bigint;
  name: string;
}

/** GetTopic / CreateTopic response: the topic record followed by its partition records. */
export interface TopicDetails extends TopicRecord {
  partitions: PartitionRecord[];
}

export function writeTopicRecord(writer: BufferWriter, topic: TopicRecord): void {
  writer
    .u32(topic.id)
    .u64(topic.createdAt)
    .u32(topic.partitionsCount)
    .u64(topic.messageExpiry)
    .u8(topic.compressionAlgorithm)
    .u64(topic.maxTopicSize)
    .u8(topic.replicationFactor)
    .u64(topic.sizeBytes)
    .u64(topic.messagesCount);
  writeName(writer, topic.name, 1, NAME_LENGTH_MAX, ErrorCode.InvalidTopicName);
}

export function encodeTopicRecord(topic: TopicRecord): Buffer {
  const writer = new BufferWriter(51 + 64);
  writeTopicRecord(writer, topic);
  return writer.view();
}

/** Compression is reported as stored; decoders do not reject unknown values. */
export function readTopicRecord(reader: BufferReader): TopicRecord {
  return {
    id: reader.u32(),
    createdAt: reader.u64(),
    partitionsCount: reader.u32(),
    messageExpiry: reader.u64(),
    compressionAlgorithm: reader.u8() as CompressionAlgorithm,
    maxTopicSize: reader.u64(),
    replicationFactor: reader.u8(),
    sizeBytes: reader.u64(),
    messagesCount: reader.u64(),
    name: reader.str8(),
  };
}

export function writeTopicDetails(writer: BufferWriter, topic: TopicDetails): void {
  writeTopicRecord(writer, topic);
  for (const partition of topic.partitions) writePartitionRecord(writer, partition);
}

export function encodeTopicDetails(topic: TopicDetails): Buffer {
  const writer = new BufferWriter(128 + 40 * topic.partitions.length);
  writeTopicDetails(writer, topic);
  return writer.view();
}

export function readTopicDetails(reader: BufferReader): TopicDetails {
  const topic = readTopicRecord(reader);
  const partitions: PartitionRecord[] = [];
  while (reader.remaining > 0) partitions.push(readPartitionRecord(reader));
  return { ...topic, partitions };
}
