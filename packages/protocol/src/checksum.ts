import { createRequire } from 'node:module';

// @node-rs/xxhash is a CommonJS napi-rs package; load it through require so ESM interop
// never wraps the functions.
const require = createRequire(import.meta.url);
const xxhash = require('@node-rs/xxhash') as typeof import('@node-rs/xxhash');

/**
 * XXH3-64, seed 0, over `bytes`: the message checksum (computed over a record from byte 8 to
 * its end) and the state-log entry checksum. Not XXH64.
 */
export function xxh3_64(bytes: Uint8Array): bigint {
  return xxhash.xxh3.xxh64(bytes);
}

/** XXH32, seed 0: string consumer ids, message-key partitioning, client ids. */
export function xxh32(bytes: Uint8Array | string): number {
  return xxhash.xxh32(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, 0);
}

/**
 * Computes and stores the checksum of one message record that starts at `start` and is
 * `size` bytes long: XXH3-64 of bytes [start+8, start+size) into bytes [start, start+8).
 */
export function stampMessageChecksum(buffer: Buffer, start: number, size: number): void {
  buffer.writeBigUInt64LE(xxh3_64(buffer.subarray(start + 8, start + size)), start);
}
