import type { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';
import { writeName } from '../codec-helpers.js';
import { ErrorCode } from '../errors/error-codes.js';
import { NAME_LENGTH_MAX } from '../limits.js';
import { type TopicRecord, readTopicRecord, writeTopicRecord } from './topic-record.js';

/** Stream record (§7.8): 33 + N bytes. */
export interface StreamRecord {
  id: number;
  /** µs since epoch. */
  createdAt: bigint;
  topicsCount: number;
  sizeBytes: bigint;
  messagesCount: bigint;
  name: string;
}

/** GetStream response: the stream record followed by its topic records (no partitions). */
export interface StreamDetails extends StreamRecord {
  topics: TopicRecord[];
}

export function writeStreamRecord(writer: BufferWriter, stream: StreamRecord): void {
  writer.u32(stream.id).u64(stream.createdAt).u32(stream.topicsCount).u64(stream.sizeBytes).u64(stream.messagesCount);
  writeName(writer, stream.name, 1, NAME_LENGTH_MAX, ErrorCode.InvalidStreamName);
}

export function encodeStreamRecord(stream: StreamRecord): Buffer {
  const writer = new BufferWriter(33 + 64);
  writeStreamRecord(writer, stream);
  return writer.view();
}

export function readStreamRecord(reader: BufferReader): StreamRecord {
  return {
    id: reader.u32(),
    createdAt: reader.u64(),
    topicsCount: reader.u32(),
    sizeBytes: reader.u64(),
    messagesCount: reader.u64(),
    name: reader.str8(),
  };
}

export function writeStreamDetails(writer: BufferWriter, stream: StreamDetails): void {
  writeStreamRecord(writer, stream);
  for (const topic of stream.topics) writeTopicRecord(writer, topic);
}

export function encodeStreamDetails(stream: StreamDetails): Buffer {
  const writer = new BufferWriter(256);
  writeStreamDetails(writer, stream);
  return writer.view();
}

/** Reads the stream record and every topic record after it, up to the reader's end. */
export function readStreamDetails(reader: BufferReader): StreamDetails {
  const stream = readStreamRecord(reader);
  const topics: TopicRecord[] = [];
  while (reader.remaining > 0) topics.push(readTopicRecord(reader));
  return { ...stream, topics };
}
