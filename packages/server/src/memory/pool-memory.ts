import { loadXxh3WasmInPlace, type SharedWasmMemory } from '@iggy-node/protocol/checksum-wasm-shared';
import { formatByteSize } from '../config/units.js';
import {
  computeMemoryPoolLayout,
  MEMORY_POOL_KERNEL_REGION_BYTES,
  type MemoryPoolLayout,
  type MemoryPoolSettings,
} from './memory-pool-layout.js';

/** One WebAssembly page. */
const WASM_PAGE_BYTES = 65536;
/** wasm32 addresses 65,536 pages (4 GiB); a shared memory is created at its maximum, never grown. */
export const WASM32_MEMORY_MAX_BYTES = 65536 * WASM_PAGE_BYTES;

// lib ES2023 and @types/node 20 declare no WebAssembly namespace.
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: new (descriptor: object) => SharedWasmMemory } }).WebAssembly.Memory;

/** The bytes behind a memory pool, and whether the XXH3 kernel can stamp batches in them in place. */
export interface PoolMemory {
  readonly layout: MemoryPoolLayout;
  readonly sharedBuffer: SharedArrayBuffer;
  /** The pool as a shared WebAssembly.Memory (sharedBuffer is its buffer), or null: checksums then stage a copy. */
  readonly wasmMemory: SharedWasmMemory | null;
  /** Why checksums stay on the copying path although the pool is on, naming the setting; null when they do not. */
  readonly warning: string | null;
  /** Start-up note for an adjusted pool (the slot memory trimmed to fit 4 GiB); null when none. */
  readonly note: string | null;
}

/**
 * Allocates the pool's memory. Preferred: a shared WebAssembly.Memory of the layout's size
 * rounded up to whole pages (its buffer is a SharedArrayBuffer, committed lazily like one), so
 * each shard's XXH3 kernel imports it and stamps batches where they lie. A `size` within the
 * pool's bookkeeping of 4 GiB (the default 4 GiB) has its slot memory trimmed by that much to
 * fit. Anything else that keeps the pool out of wasm memory (size above 4 GiB, the allocation or
 * the kernel failing, IGGY_XXH3_WASM=0) falls back to a plain SharedArrayBuffer with a warning.
 */
export function allocatePoolMemory(settings: MemoryPoolSettings): PoolMemory {
  if (!settings.enabled) return plain(computeMemoryPoolLayout(settings), null);
  const fullLayout = computeMemoryPoolLayout(settings);
  if (settings.size > WASM32_MEMORY_MAX_BYTES) {
    return plain(
      fullLayout,
      `system.memory_pool.size is ${formatByteSize(settings.size)}, above the 4 GiB one WebAssembly memory can hold: ` +
        'message checksums are computed on a copy of each batch (checksum_staging) instead of in the pool',
    );
  }
  if (process.env['IGGY_XXH3_WASM'] === '0') {
    return plain(fullLayout, 'IGGY_XXH3_WASM=0: message checksums use napi per record, not the in-place kernel over system.memory_pool');
  }
  const layout = computeMemoryPoolLayout(settings, WASM32_MEMORY_MAX_BYTES);
  const pages = Math.ceil(layout.totalSizeBytes / WASM_PAGE_BYTES);
  let wasmMemory: SharedWasmMemory;
  try {
    wasmMemory = new WasmMemory({ initial: pages, maximum: pages, shared: true });
    // Instantiating once here also runs the module's one-time data init, so shards never wait on it.
    loadXxh3WasmInPlace(wasmMemory, MEMORY_POOL_KERNEL_REGION_BYTES);
  } catch (error) {
    return plain(
      fullLayout,
      `system.memory_pool (${formatByteSize(settings.size)}) could not be a shared WebAssembly memory ` +
        `(${(error as Error).message}): message checksums are computed on a copy of each batch (checksum_staging)`,
    );
  }
  const note =
    layout.trimmedBytes > 0
      ? `system.memory_pool.size ${formatByteSize(settings.size)}: ${formatByteSize(settings.size - layout.dataSizeBytes)} of slot memory left unused ` +
        'so the pool and its bookkeeping fit one 4 GiB WebAssembly memory (checksums in place)'
      : null;
  return { layout, sharedBuffer: wasmMemory.buffer, wasmMemory, warning: null, note };
}

function plain(layout: MemoryPoolLayout, warning: string | null): PoolMemory {
  // A SharedArrayBuffer is zero-filled and committed lazily by the OS: untouched slots cost
  // address space, not memory. Zero is also "free, generation 0" for every slot.
  return { layout, sharedBuffer: new SharedArrayBuffer(layout.totalSizeBytes), wasmMemory: null, warning, note: null };
}
