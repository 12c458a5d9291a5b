import { BUCKET_COUNT, BUCKET_SIZES_BYTES } from './bucket-sizes.js';

/** `system.memory_pool` as the pool needs it (same keys as the config). */
export interface MemoryPoolSettings {
  enabled: boolean;
  /** Bytes of slot memory, all buckets together. */
  size: number;
  /** Most slots any one bucket gets. */
  bucket_capacity: number;
}

/**
 * Where everything lives in the pool's SharedArrayBuffer. Plain numbers only, so it can be posted
 * to another thread together with the buffer and `MemoryPool.attach`ed there.
 *
 * [ kernel region ][ slot data of bucket 0 | bucket 1 | ... | bucket 31 ][ slot state words ][ bucket words ][ counters ]
 *
 * The kernel region (first 64 KiB) is never lent: when the pool is a shared WebAssembly.Memory
 * the XXH3 kernel keeps its static data there (pool-memory.ts). Address space only otherwise.
 */
export interface MemoryPoolLayout {
  enabled: boolean;
  bucketSizesBytes: number[];
  bucketSlotCounts: number[];
  /** Byte offset of slot 0 of each bucket. */
  bucketDataOffsets: number[];
  /** Bytes before slot 0 of bucket 0: the kernel region. */
  dataStartOffset: number;
  /**
   * Bytes of `size` left unused so the whole pool fits `totalSizeMaxBytes` (0 unless the pool
   * was sized for one wasm32 memory and `size` came within its overhead of 4 GiB).
   */
  trimmedBytes: number;
  /** Index of each bucket's first word in the slot-state Int32Array. */
  bucketStateIndexes: number[];
  dataSizeBytes: number;
  slotCount: number;
  /** Int32Array, one word per slot: generation << 1 | in-use bit. */
  slotStateOffset: number;
  /** Int32Array, two words per bucket: slots in use, next slot to try. */
  bucketWordsOffset: number;
  /** BigInt64Array of monotonic counters (COUNTER_* indexes). */
  countersOffset: number;
  totalSizeBytes: number;
}

/** The pool's first bytes, never lent: room for the shared XXH3 kernel's static data (one wasm page). */
export const MEMORY_POOL_KERNEL_REGION_BYTES = 65536;

export const COUNTER_ACQUISITIONS = 0;
export const COUNTER_RELEASES = 1;
export const COUNTER_FALLBACKS = 2;
export const COUNTER_RETURNS_DROPPED = 3;
export const COUNTER_COUNT = 4;

function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

/**
 * Carves `size` bytes into the 32 buckets. Iggy keeps up to `bucket_capacity` free buffers per
 * bucket and caps bytes in use at `size`; a SharedArrayBuffer cannot grow on demand per bucket, so
 * the same two limits are applied up front: each bucket gets at most `bucket_capacity` slots and
 * all slots together fit in `size`. The bytes are shared out smallest bucket first, each bucket
 * taking at most an equal share of what is left, so buckets that hit `bucket_capacity` leave their
 * unused share to the larger buckets (water filling). With a small `size` the largest buckets get
 * no slots and requests for them fall back to ordinary buffers, as Iggy does when over its limit.
 * A second pass gives what the equal shares left unused to the largest buckets it fits.
 */
export function computeMemoryPoolLayout(settings: MemoryPoolSettings, totalSizeMaxBytes: number = Number.POSITIVE_INFINITY): MemoryPoolLayout {
  if (!Number.isSafeInteger(settings.size) || settings.size < 0) throw new RangeError(`Invalid memory pool size ${settings.size}`);
  if (!Number.isSafeInteger(settings.bucket_capacity) || settings.bucket_capacity < 0) {
    throw new RangeError(`Invalid memory pool bucket_capacity ${settings.bucket_capacity}`);
  }
  // Over the bound (a pool that must fit one wasm32 memory): carve less slot memory until the
  // slots, the kernel region and the state words fit. The state words shrink with the slots, so
  // this settles in a step or two.
  let dataBudgetBytes = settings.enabled ? settings.size : 0;
  let layout = layoutFor(settings, dataBudgetBytes);
  while (layout.totalSizeBytes > totalSizeMaxBytes) {
    if (dataBudgetBytes === 0) throw new RangeError(`A memory pool does not fit in ${totalSizeMaxBytes} bytes`);
    dataBudgetBytes = Math.max(0, dataBudgetBytes - alignUp(layout.totalSizeBytes - totalSizeMaxBytes, 4096));
    layout = layoutFor(settings, dataBudgetBytes);
  }
  return layout;
}

function layoutFor(settings: MemoryPoolSettings, dataBudgetBytes: number): MemoryPoolLayout {
  const bucketSlotCounts: number[] = [];
  let remainingBytes = dataBudgetBytes;
  for (let index = 0; index < BUCKET_COUNT; index++) {
    const bucketSize = BUCKET_SIZES_BYTES[index]!;
    const shareBytes = Math.floor(remainingBytes / (BUCKET_COUNT - index));
    const slots = Math.min(settings.bucket_capacity, Math.floor(shareBytes / bucketSize));
    bucketSlotCounts.push(slots);
    remainingBytes -= slots * bucketSize;
  }
  // What the equal shares left over (shares smaller than a bucket) goes to the largest buckets
  // that still fit it, so big batches get slots before mid-sized buckets get more.
  for (let index = BUCKET_COUNT - 1; index >= 0; index--) {
    const bucketSize = BUCKET_SIZES_BYTES[index]!;
    const extra = Math.min(settings.bucket_capacity - bucketSlotCounts[index]!, Math.floor(remainingBytes / bucketSize));
    bucketSlotCounts[index]! += extra;
    remainingBytes -= extra * bucketSize;
  }
  const bucketDataOffsets: number[] = [];
  const bucketStateIndexes: number[] = [];
  // A disabled pool lends nothing, so no kernel ever runs over it.
  const dataStartOffset = settings.enabled ? MEMORY_POOL_KERNEL_REGION_BYTES : 0;
  let dataSizeBytes = 0;
  let slotCount = 0;
  for (let index = 0; index < BUCKET_COUNT; index++) {
    bucketDataOffsets.push(dataStartOffset + dataSizeBytes);
    bucketStateIndexes.push(slotCount);
    dataSizeBytes += bucketSlotCounts[index]! * BUCKET_SIZES_BYTES[index]!;
    slotCount += bucketSlotCounts[index]!;
  }
  const slotStateOffset = alignUp(dataStartOffset + dataSizeBytes, 8);
  const bucketWordsOffset = slotStateOffset + slotCount * 4;
  const countersOffset = alignUp(bucketWordsOffset + BUCKET_COUNT * 2 * 4, 8);
  return {
    enabled: settings.enabled,
    bucketSizesBytes: [...BUCKET_SIZES_BYTES],
    bucketSlotCounts,
    bucketDataOffsets,
    dataStartOffset,
    trimmedBytes: settings.enabled ? settings.size - dataBudgetBytes : 0,
    bucketStateIndexes,
    dataSizeBytes,
    slotCount,
    slotStateOffset,
    bucketWordsOffset,
    countersOffset,
    totalSizeBytes: countersOffset + COUNTER_COUNT * 8,
  };
}
