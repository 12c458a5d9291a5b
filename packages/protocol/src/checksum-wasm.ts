import { readFileSync } from 'node:fs';

// The batch checksum kernel: native/xxh3.c (our XXH3-64, seed 0) compiled to WebAssembly by
// scripts/build-xxh3-wasm.sh and checked in, so no install-time build. One call stamps every
// record of a batch; per message that is far cheaper than one napi call and one BigInt each.
// This file only loads the module and moves bytes in and out of its memory; checksum.ts
// decides between it and @node-rs/xxhash.

/** native/ sits two levels above both src/ and dist/src/, so the same URL works from either. */
const DEFAULT_WASM_URL = new URL('../../native/xxh3.wasm', import.meta.url);

/**
 * Most batch bytes copied into wasm memory per call; longer batches go in chunks of whole
 * records. Bounds the module's memory (it never shrinks) while keeping calls per batch few.
 * One record always fits: payload ≤ 64 000 000 and headers ≤ 100 000 bytes (limits.ts).
 */
export const WASM_CHUNK_SIZE_MAX_BYTES = 64 * 1024 * 1024;

const RECORD_HEADER_SIZE = 64;
const WASM_PAGE_SIZE_BYTES = 65536;
/** stamp_records_list writes (offset, checksum lo, checksum hi) as u32s per record. */
const LIST_ENTRY_SIZE_BYTES = 12;

// lib ES2023 and @types/node 20 declare no WebAssembly namespace; the little used here:
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Xxh3Exports {
  readonly memory: WasmMemory;
  xxh3_64(pointer: number, length: number): bigint;
  stamp_records_list(base: number, count: number, byteLength: number, out: number): number;
  scratch_base(): number;
}

export interface Xxh3WasmOptions {
  /** How checksums come back to the caller's buffer: only the 8-byte fields, or the whole chunk. */
  readonly copyBack?: 'checksums' | 'whole';
  /** Chunk bound; WASM_CHUNK_SIZE_MAX_BYTES unless a test wants many chunks. */
  readonly chunkSizeMaxBytes?: number;
}

/** A loaded kernel. Not reentrant (one scratch area); JS is single-threaded per isolate. */
export interface Xxh3WasmKernel {
  /** XXH3-64, seed 0, of `bytes`. */
  xxh3_64(bytes: Uint8Array): bigint;
  /**
   * Stamps `count` records laid back to back in buffer[start, start+byteLength): XXH3-64 of
   * record bytes [8, size) into bytes [0, 8), little-endian. Throws RangeError, changing
   * nothing in that chunk, when the records do not tile exactly byteLength bytes.
   */
  stampRecords(buffer: Buffer, start: number, byteLength: number, count: number): void;
}

/**
 * Instantiates the kernel synchronously from `source` (a file URL or the module bytes).
 * Returns null when the file is missing or does not instantiate, so callers fall back to napi.
 */
export function loadXxh3Wasm(source: URL | Uint8Array = DEFAULT_WASM_URL, options: Xxh3WasmOptions = {}): Xxh3WasmKernel | null {
  let exports: Xxh3Exports;
  try {
    const bytes = source instanceof URL ? readFileSync(source) : source;
    exports = new wasmApi.Instance(new wasmApi.Module(bytes), {}).exports as Xxh3Exports;
    if (typeof exports.stamp_records_list !== 'function' || typeof exports.xxh3_64 !== 'function') return null;
  } catch {
    return null;
  }
  return createKernel(exports, options.copyBack ?? 'checksums', options.chunkSizeMaxBytes ?? WASM_CHUNK_SIZE_MAX_BYTES);
}

function createKernel(wasm: Xxh3Exports, copyBack: 'checksums' | 'whole', chunkSizeMaxBytes: number): Xxh3WasmKernel {
  const base = wasm.scratch_base();
  let memoryBytes = new Uint8Array(wasm.memory.buffer);

  function ensureMemory(endBytes: number): void {
    const current = wasm.memory.buffer.byteLength;
    if (endBytes <= current) return;
    wasm.memory.grow(Math.ceil((endBytes - current) / WASM_PAGE_SIZE_BYTES));
    // grow() detaches the old ArrayBuffer.
    memoryBytes = new Uint8Array(wasm.memory.buffer);
  }

  function stampChunk(buffer: Buffer, start: number, byteLength: number, count: number): void {
    const listAt = (base + byteLength + 7) & ~7;
    ensureMemory(listAt + count * LIST_ENTRY_SIZE_BYTES);
    memoryBytes.set(new Uint8Array(buffer.buffer, buffer.byteOffset + start, byteLength), base);
    const stamped = wasm.stamp_records_list(base, count, byteLength, listAt);
    if (stamped !== count) {
      throw new RangeError(`batch of ${count} records does not tile ${byteLength} bytes (record ${stamped} overruns)`);
    }
    if (copyBack === 'whole') {
      buffer.set(new Uint8Array(wasm.memory.buffer, base, byteLength), start);
      return;
    }
    // Byte stores: ~4 ns per record here, where two Buffer.writeUInt32LE calls took ~40 ns
    // on Node 20 (bench/checksum.bench.ts).
    const list = new Uint32Array(wasm.memory.buffer, listAt, count * 3);
    for (let i = 0; i < count; i += 1) {
      const at = start + list[3 * i]!;
      const low = list[3 * i + 1]!;
      const high = list[3 * i + 2]!;
      buffer[at] = low;
      buffer[at + 1] = low >>> 8;
      buffer[at + 2] = low >>> 16;
      buffer[at + 3] = low >>> 24;
      buffer[at + 4] = high;
      buffer[at + 5] = high >>> 8;
      buffer[at + 6] = high >>> 16;
      buffer[at + 7] = high >>> 24;
    }
  }

  return {
    xxh3_64(bytes: Uint8Array): bigint {
      ensureMemory(base + bytes.length);
      memoryBytes.set(bytes, base);
      // wasm i64 reaches JS as a signed BigInt.
      return BigInt.asUintN(64, wasm.xxh3_64(base, bytes.length));
    },
    stampRecords(buffer: Buffer, start: number, byteLength: number, count: number): void {
      if (start < 0 || byteLength < 0 || start + byteLength > buffer.length) {
        throw new RangeError(`batch [${start}, ${start + byteLength}) outside a buffer of ${buffer.length} bytes`);
      }
      if (byteLength <= chunkSizeMaxBytes) {
        stampChunk(buffer, start, byteLength, count);
        return;
      }
      // Split at record boundaries; every chunk holds at least one record.
      const end = start + byteLength;
      let chunkStart = start;
      let position = start;
      let chunkCount = 0;
      for (let i = 0; i < count; i += 1) {
        if (position + RECORD_HEADER_SIZE > end) throw new RangeError(`record ${i} header outside the batch`);
        const size = RECORD_HEADER_SIZE + buffer.readUInt32LE(position + 48) + buffer.readUInt32LE(position + 52);
        if (chunkCount > 0 && position + size - chunkStart > chunkSizeMaxBytes) {
          stampChunk(buffer, chunkStart, position - chunkStart, chunkCount);
          chunkStart = position;
          chunkCount = 0;
        }
        position += size;
        chunkCount += 1;
        if (position > end) throw new RangeError(`record ${i} outside the batch`);
      }
      if (position !== end) throw new RangeError(`batch of ${count} records does not tile ${byteLength} bytes`);
      if (chunkCount > 0) stampChunk(buffer, chunkStart, position - chunkStart, chunkCount);
    },
  };
}

/** The kernel every caller shares; null when the wasm file is unusable or IGGY_XXH3_WASM=0. */
export const xxh3WasmKernel: Xxh3WasmKernel | null = process.env['IGGY_XXH3_WASM'] === '0' ? null : loadXxh3Wasm();

function requireKernel(): Xxh3WasmKernel {
  if (xxh3WasmKernel === null) throw new Error('xxh3 wasm kernel not loaded (missing file or IGGY_XXH3_WASM=0)');
  return xxh3WasmKernel;
}

/** Stamps `count` records in buffer[start, start+byteLength) with the shared kernel. */
export function stampChecksumsBatch(buffer: Buffer, start: number, byteLength: number, count: number): void {
  requireKernel().stampRecords(buffer, start, byteLength, count);
}

/** XXH3-64, seed 0, with the shared kernel. */
export function xxh3_64Wasm(bytes: Uint8Array): bigint {
  return requireKernel().xxh3_64(bytes);
}
