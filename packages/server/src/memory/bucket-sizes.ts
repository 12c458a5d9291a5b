const KIB = 1024;
const MIB = 1024 * KIB;

/**
 * Iggy 0.7's 32 pool bucket sizes (core/common/src/alloc/memory_pool.rs, reference/sharding.md
 * §9): powers of two up to 512 KiB, then steps of 1.5x/1.33x so a batch of e.g. 700 KiB wastes
 * less than half its slot. Every size is a multiple of 256, so slots stay 256-byte aligned.
 */
export const BUCKET_SIZES_BYTES: readonly number[] = Object.freeze([
  256, 512, 1 * KIB, 2 * KIB, 4 * KIB, 8 * KIB, 16 * KIB, 32 * KIB, 64 * KIB, 128 * KIB, 256 * KIB, 512 * KIB,
  768 * KIB, 1 * MIB, 1.5 * MIB, 2 * MIB, 4 * MIB, 6 * MIB, 8 * MIB, 10 * MIB, 12 * MIB, 16 * MIB, 24 * MIB,
  32 * MIB, 48 * MIB, 64 * MIB, 96 * MIB, 128 * MIB, 192 * MIB, 256 * MIB, 384 * MIB, 512 * MIB,
]);

export const BUCKET_COUNT = 32;

/** Largest request the pool can serve (512 MiB); larger ones are always ordinary allocations. */
export const BUCKET_SIZE_BYTES_MAX = BUCKET_SIZES_BYTES[BUCKET_COUNT - 1]!;

/** Index of the smallest bucket that holds `byteLength` bytes, or -1 above 512 MiB. */
export function bucketIndexFor(byteLength: number): number {
  if (!Number.isSafeInteger(byteLength) || byteLength < 0) throw new RangeError(`Invalid pool request size ${byteLength}`);
  for (let index = 0; index < BUCKET_COUNT; index++) if (byteLength <= BUCKET_SIZES_BYTES[index]!) return index;
  return -1;
}
