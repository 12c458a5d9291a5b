// Test helpers for the checksum tests: a seeded PRNG and message-record batch builders.
import { xxh3_64Napi } from '../src/index.js';

/** mulberry32: small seeded PRNG so failures reproduce. Returns u32s. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** `length` pseudo-random bytes. */
export function randomBytes(next: () => number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let i = 0;
  for (; i + 4 <= length; i += 4) bytes.writeUInt32LE(next(), i);
  for (; i < length; i += 1) bytes[i] = next() & 0xff;
  return bytes;
}

export interface RecordShape {
  readonly payloadBytes: number;
  readonly userHeadersBytes: number;
}

/** Records back to back with random header fields and bodies, lengths at +48/+52, checksum 0. */
export function buildBatch(next: () => number, shapes: readonly RecordShape[]): Buffer {
  const parts: Buffer[] = [];
  for (const shape of shapes) {
    const record = randomBytes(next, 64 + shape.payloadBytes + shape.userHeadersBytes);
    record.fill(0, 0, 8);
    record.writeUInt32LE(shape.userHeadersBytes, 48);
    record.writeUInt32LE(shape.payloadBytes, 52);
    parts.push(record);
  }
  return Buffer.concat(parts);
}

/** The reference: XXH3-64 through @node-rs/xxhash per record, on a copy. */
export function stampedPerRecord(batch: Buffer, start: number, count: number): Buffer {
  const copy = Buffer.from(batch);
  let position = start;
  for (let i = 0; i < count; i += 1) {
    const size = 64 + copy.readUInt32LE(position + 48) + copy.readUInt32LE(position + 52);
    copy.writeBigUInt64LE(xxh3_64Napi(copy.subarray(position + 8, position + size)), position);
    position += size;
  }
  return copy;
}

/** Random record shapes: payloads 0..maxPayload (some 0), headers 0 about half the time. */
export function randomShapes(next: () => number, count: number, maxPayloadBytes: number): RecordShape[] {
  const shapes: RecordShape[] = [];
  for (let i = 0; i < count; i += 1) {
    const payloadBytes = next() % 8 === 0 ? 0 : next() % (maxPayloadBytes + 1);
    const userHeadersBytes = next() % 2 === 0 ? 0 : next() % 300;
    shapes.push({ payloadBytes, userHeadersBytes });
  }
  return shapes;
}

/** Byte equality that reports the first difference instead of dumping both buffers. */
export function assertSameBytes(actual: Buffer, expected: Buffer, context: string): void {
  if (actual.equals(expected)) return;
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at += 1;
  throw new Error(`${context}: lengths ${actual.length}/${expected.length}, first difference at byte ${at}`);
}
