// Shared helpers for the storage unit tests: temp directories and hand-built message records.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PartitionLog, type PartitionLogOptions } from '../../../src/storage/partition-log.js';

export const HEADER_SIZE = 64;

export interface TestMessage {
  payload: Buffer | string;
  headers?: Buffer;
  /** u128 id; 0n (default) asks the server to generate one. */
  id?: bigint;
  originTimestamp?: bigint;
}

/** A temp directory removed by the returned cleanup. */
export async function makeTempDir(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'iggy-storage-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

/**
 * Lays out a SendMessages messages section as a client would: 64-byte headers with checksum,
 * offset, timestamp and reserved zero, then payload, then user headers.
 */
export function buildMessages(messages: readonly TestMessage[]): Buffer {
  const parts: Buffer[] = [];
  for (const message of messages) {
    const payload = typeof message.payload === 'string' ? Buffer.from(message.payload) : message.payload;
    const headers = message.headers ?? Buffer.alloc(0);
    const header = Buffer.alloc(HEADER_SIZE);
    const id = message.id ?? 0n;
    header.writeBigUInt64LE(id & 0xffff_ffff_ffff_ffffn, 8);
    header.writeBigUInt64LE(id >> 64n, 16);
    header.writeBigUInt64LE(message.originTimestamp ?? 0n, 40);
    header.writeUInt32LE(headers.length, 48);
    header.writeUInt32LE(payload.length, 52);
    parts.push(header, payload, headers);
  }
  return Buffer.concat(parts);
}

/** `count` messages with payload `${prefix}-${i}`. */
export function buildNumbered(count: number, prefix = 'm', payloadBytes?: number): Buffer {
  return buildMessages(
    Array.from({ length: count }, (_, i) => ({
      payload: payloadBytes === undefined ? `${prefix}-${i}` : Buffer.alloc(payloadBytes, i % 251),
    })),
  );
}

export interface ParsedRecord {
  checksum: bigint;
  id: bigint;
  offset: number;
  timestamp: bigint;
  originTimestamp: bigint;
  payload: Buffer;
  headers: Buffer;
  raw: Buffer;
}

/** Splits stored records (chunks as a read returns them) into fields. */
export function parseRecords(chunks: readonly Buffer[]): ParsedRecord[] {
  const all = Buffer.concat(chunks);
  const records: ParsedRecord[] = [];
  let position = 0;
  while (position < all.length) {
    const headersLength = all.readUInt32LE(position + 48);
    const payloadLength = all.readUInt32LE(position + 52);
    const size = HEADER_SIZE + payloadLength + headersLength;
    const raw = all.subarray(position, position + size);
    records.push({
      checksum: raw.readBigUInt64LE(0),
      id: raw.readBigUInt64LE(8) | (raw.readBigUInt64LE(16) << 64n),
      offset: Number(raw.readBigUInt64LE(24)),
      timestamp: raw.readBigUInt64LE(32),
      originTimestamp: raw.readBigUInt64LE(40),
      payload: raw.subarray(HEADER_SIZE, HEADER_SIZE + payloadLength),
      headers: raw.subarray(HEADER_SIZE + payloadLength, size),
      raw,
    });
    position += size;
  }
  return records;
}

export function payloadsOf(chunks: readonly Buffer[]): string[] {
  return parseRecords(chunks).map((record) => record.payload.toString());
}

/** A clock that advances 1000 µs per call from `start`, so each batch gets a distinct time. */
export function steppingClock(start = 1_700_000_000_000_000n, step = 1000n): () => bigint {
  let now = start - step;
  return () => (now += step);
}

export function openLog(directory: string, options: Partial<PartitionLogOptions> = {}): Promise<PartitionLog> {
  return PartitionLog.open({
    directory,
    segmentSizeBytes: 1024 * 1024,
    enforceFsync: false,
    cacheIndexes: 'open_segment',
    ...options,
  });
}
