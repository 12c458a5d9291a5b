import { createRequire } from 'node:module';
import { WASM_CHUNK_SIZE_MAX_BYTES, xxh3WasmKernel, type Xxh3WasmKernel } from './checksum-wasm.js';

// @node-rs/xxhash is a CommonJS napi-rs package; load it through require so ESM interop
// never wraps the functions.
const require = createRequire(import.meta.url);
const xxhash = require('@node-rs/xxhash') as typeof import('@node-rs/xxhash');

/**
 * XXH3-64, seed 0, over `bytes`: the message checksum (computed over a record from byte 8 to
 * its end) and the state-log entry checksum. Not XXH64. Uses the wasm kernel when it loaded
 * (several times cheaper per call than napi, bench/checksum.bench.ts) for inputs up to its
 * chunk bound, so its memory stays bounded; napi otherwise.
 */
export function xxh3_64(bytes: Uint8Array): bigint {
  if (xxh3WasmKernel !== null && bytes.length <= WASM_CHUNK_SIZE_MAX_BYTES) return xxh3WasmKernel.xxh3_64(bytes);
  return xxhash.xxh3.xxh64(bytes);
}

/** XXH3-64, seed 0, always through @node-rs/xxhash: the reference the wasm kernel is tested against. */
export function xxh3_64Napi(bytes: Uint8Array): bigint {
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

const RECORD_HEADER_SIZE = 64;

/**
 * Stamps the checksums of `count` message records laid back to back from `start` (record
 * size 64 + payload_length + user_headers_length, lengths at +52 and +48): what
 * stampMessageChecksum does per record, in one wasm call per batch when the kernel loaded
 * (checksum-wasm.ts), else one napi call per record. `byteLength` (the records' total size)
 * saves a walk over the headers when the caller knows it. Throws RangeError when the records
 * run past `start + byteLength` or the buffer.
 */
export function stampBatchChecksums(buffer: Buffer, start: number, count: number, byteLength?: number): void {
  stampBatchChecksumsWith(xxh3WasmKernel, buffer, start, count, byteLength);
}

/** True when stampBatchChecksums copies the batch into WebAssembly memory (the wasm kernel is loaded). */
export function batchChecksumStagesCopy(): boolean {
  return xxh3WasmKernel !== null;
}

/** stampBatchChecksums with an explicit kernel; null forces the napi path (tests, benchmarks). */
export function stampBatchChecksumsWith(
  kernel: Xxh3WasmKernel | null,
  buffer: Buffer,
  start: number,
  count: number,
  byteLength?: number,
): void {
  if (kernel !== null) {
    kernel.stampRecords(buffer, start, byteLength ?? batchByteLength(buffer, start, count), count);
    return;
  }
  // Walk first so a malformed batch is refused before any record changes, as with wasm.
  const length = batchByteLength(buffer, start, count);
  if (byteLength !== undefined && length !== byteLength) {
    throw new RangeError(`batch of ${count} records is ${length} bytes, not ${byteLength}`);
  }
  let position = start;
  for (let i = 0; i < count; i += 1) {
    const size = RECORD_HEADER_SIZE + buffer.readUInt32LE(position + 48) + buffer.readUInt32LE(position + 52);
    buffer.writeBigUInt64LE(xxh3_64Napi(buffer.subarray(position + 8, position + size)), position);
    position += size;
  }
}

/** Total size of `count` records from `start`, by their headers. */
function batchByteLength(buffer: Buffer, start: number, count: number): number {
  let position = start;
  for (let i = 0; i < count; i += 1) {
    if (position + RECORD_HEADER_SIZE > buffer.length) throw new RangeError(`record ${i} header outside the buffer`);
    position += RECORD_HEADER_SIZE + buffer.readUInt32LE(position + 48) + buffer.readUInt32LE(position + 52);
  }
  if (position > buffer.length) throw new RangeError(`record ${count - 1} outside the buffer`);
  return position - start;
}
