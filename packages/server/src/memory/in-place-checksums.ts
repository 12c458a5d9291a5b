import { loadXxh3WasmInPlace, type Xxh3InPlaceKernel } from '@iggy-node/protocol';
import type { MemoryPool } from './memory-pool.js';

/**
 * This thread's XXH3 kernel over the memory pool, when the pool is a shared WebAssembly.Memory
 * (pool-memory.ts): batches that sit in pool slots are stamped where they lie, with no copy
 * into or out of wasm memory. One per thread (each shard has its own module instance, like the
 * copy counters); null until `enableInPlaceChecksums` and wherever the pool is not wasm memory.
 *
 * Runs on: every shard thread.
 */
let inPlace: { kernel: Xxh3InPlaceKernel; poolBuffer: SharedArrayBuffer; dataStart: number; dataEnd: number } | null = null;

/**
 * Instantiates the kernel over `pool`'s memory for this thread. Returns null when batches in the
 * pool will be stamped in place, else why not (the caller logs it; stamping then copies).
 */
export function enableInPlaceChecksums(pool: MemoryPool): string | null {
  inPlace = null;
  if (pool.wasmMemory === null || !pool.enabled || process.env['IGGY_XXH3_WASM'] === '0') return 'the memory pool is not a shared WebAssembly memory';
  const { layout } = pool;
  try {
    inPlace = {
      kernel: loadXxh3WasmInPlace(pool.wasmMemory, layout.dataStartOffset),
      poolBuffer: pool.sharedBuffer,
      dataStart: layout.dataStartOffset,
      dataEnd: layout.dataStartOffset + layout.dataSizeBytes,
    };
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Forgets this thread's kernel (tests). */
export function disableInPlaceChecksums(): void {
  inPlace = null;
}

/**
 * Stamps the checksums of the `count` records tiling `messages` in place and returns true, when
 * `messages` is a view of this thread's pool slot memory; returns false, touching nothing, when
 * it is not (the caller stamps through the copying path). Throws RangeError, changing nothing,
 * when the records do not tile `messages`.
 */
export function stampChecksumsInPlace(messages: Buffer, count: number): boolean {
  if (inPlace === null || messages.buffer !== inPlace.poolBuffer) return false;
  const start = messages.byteOffset;
  if (start < inPlace.dataStart || start + messages.length > inPlace.dataEnd) return false;
  inPlace.kernel.stampRecordsAt(start, messages.length, count);
  return true;
}
