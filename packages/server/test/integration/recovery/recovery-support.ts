// Helpers for the recovery suite: raw polls that keep each stored record's exact bytes, and
// readers of the segment files so a test can damage them precisely and check the repair.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CommandCode,
  INDEX_ENTRY_SIZE,
  MESSAGE_HEADER_SIZE,
  POLL_RESPONSE_HEADER_SIZE,
  decodePollMessagesResponse,
  encodePollMessagesRequest,
  type Consumer,
  type Identifier,
  type PollingStrategy,
  type PolledMessage,
} from '@iggy-node/protocol';
import type { IggyClient } from '@iggy-node/sdk';

/** Byte offsets inside the 64-byte record header (storage.md §2). */
const RECORD_OFFSET_AT = 24;
const RECORD_USER_HEADERS_LENGTH_AT = 48;
const RECORD_PAYLOAD_LENGTH_AT = 52;
const RECORD_TIMESTAMP_AT = 32;

export interface RawPoll {
  currentOffset: bigint;
  /** Every returned record exactly as it came off the wire (64-byte header, payload, user headers). */
  records: Buffer[];
  /** The same records decoded, for comparisons with what was sent. */
  messages: PolledMessage[];
}

export interface RawPollOptions {
  consumer: Consumer;
  streamId: Identifier;
  topicId: Identifier;
  partitionId: number;
  strategy: PollingStrategy;
  count: number;
  autoCommit: boolean;
}

/** PollMessages through sendRaw, so the records' bytes can be compared one for one. */
export async function pollRaw(client: IggyClient, options: RawPollOptions): Promise<RawPoll> {
  const response = await client.sendRaw(CommandCode.PollMessages, encodePollMessagesRequest(options));
  assert.equal(response.status, 0, `poll answered error ${response.status}`);
  const decoded = decodePollMessagesResponse(response.payload);
  return {
    currentOffset: decoded.currentOffset,
    records: splitRecords(response.payload.subarray(POLL_RESPONSE_HEADER_SIZE), decoded.count),
    messages: decoded.messages,
  };
}

/** Splits back-to-back records by the lengths in their headers; the bytes must hold exactly `count`. */
export function splitRecords(bytes: Buffer, count: number): Buffer[] {
  const records: Buffer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const size = recordSize(bytes, at);
    assert.ok(at + size <= bytes.length, `record at ${at} runs past the end`);
    records.push(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  assert.equal(records.length, count);
  return records;
}

export function recordSize(bytes: Buffer, at: number): number {
  return MESSAGE_HEADER_SIZE + bytes.readUInt32LE(at + RECORD_PAYLOAD_LENGTH_AT) + bytes.readUInt32LE(at + RECORD_USER_HEADERS_LENGTH_AT);
}

export function recordOffset(record: Buffer): bigint {
  return record.readBigUInt64LE(RECORD_OFFSET_AT);
}

export interface SegmentFiles {
  startOffset: number;
  logPath: string;
  indexPath: string;
}

/** Segments of a partition directory in offset order (names are 20-digit start offsets). */
export function listSegments(partitionDirectory: string): SegmentFiles[] {
  return readdirSync(partitionDirectory)
    .filter((name) => /^\d{20}\.log$/.test(name))
    .sort()
    .map((name) => {
      const base = name.slice(0, -'.log'.length);
      return {
        startOffset: Number(base),
        logPath: join(partitionDirectory, name),
        indexPath: join(partitionDirectory, `${base}.index`),
      };
    });
}

export interface LogRecordPlace {
  /** Byte position where the record ends (exclusive), as the index stores it. */
  end: number;
  timestamp: bigint;
}

/** The log's records found by walking their headers; a partial record fails the assertion. */
export function walkLogRecords(logPath: string): LogRecordPlace[] {
  const log = readFileSync(logPath);
  const places: LogRecordPlace[] = [];
  let at = 0;
  while (at < log.length) {
    assert.ok(log.length - at >= MESSAGE_HEADER_SIZE, `${logPath}: partial header at ${at}`);
    const timestamp = log.readBigUInt64LE(at + RECORD_TIMESTAMP_AT);
    at += recordSize(log, at);
    assert.ok(at <= log.length, `${logPath}: partial record ending at ${at}`);
    places.push({ end: at, timestamp });
  }
  return places;
}

/**
 * The on-disk invariant recovery must restore: for every segment, one 16-byte index entry per
 * whole log record, relative offsets 0, 1, 2 …, each entry's position = that record's end and
 * its timestamp = the record's.
 * Returns the number of records per segment.
 */
export function assertIndexesMatchLogs(partitionDirectory: string): number[] {
  const counts: number[] = [];
  for (const segment of listSegments(partitionDirectory)) {
    const places = walkLogRecords(segment.logPath);
    const index = readFileSync(segment.indexPath);
    assert.equal(index.length, places.length * INDEX_ENTRY_SIZE, `${segment.indexPath}: ${index.length} bytes for ${places.length} records`);
    places.forEach((place, entry) => {
      const at = entry * INDEX_ENTRY_SIZE;
      assert.equal(index.readUInt32LE(at), entry, `${segment.indexPath}: entry ${entry} relative offset`);
      assert.equal(index.readUInt32LE(at + 4), place.end, `${segment.indexPath}: entry ${entry} position`);
      assert.equal(index.readBigUInt64LE(at + 8), place.timestamp, `${segment.indexPath}: entry ${entry} timestamp`);
    });
    counts.push(places.length);
  }
  return counts;
}

export function fileSizeBytes(path: string): number {
  return statSync(path).size;
}
