/**
 * Which shard owns a partition. Ownership is internal (no client sees it), so the formula is
 * ours to choose; what matters is that consecutive ids spread evenly and that the same data
 * directory with the same shard count always gets the same owners.
 *
 * Two schemes exist, and a data directory records which one it uses
 * (coordinator/placement-scheme-file.ts), so upgrading never silently moves a directory:
 * - `spread-v1` (new directories): owner = (stream + topic + partition · stride(N)) mod N, where
 *   stride(N) is the number coprime to N nearest N·(1 − 1/φ). Consecutive streams (or topics)
 *   land on consecutive shards; consecutive partitions of one topic step by the stride, which
 *   is coprime to N so any N of them cover every shard, and the golden-ratio step keeps the
 *   partitions of neighbouring streams from piling onto the same few shards.
 * - `murmur3` (directories created before spread-v1): Iggy 0.7's
 *   (murmur3(key LE) >> 16) mod N, kept so such a directory keeps its placement.
 * The spread of both over 1..64 streams × 1..8 partitions × 2..16 shards is in
 * docs/decisions/20261206-partition-placement.md (`node scripts/placement-spread.mjs`).
 *
 * Runs on: every shard (the bus asks it for each partition request) and in tools.
 */
import { partitionOwnerShard, splitPartitionKey } from './namespace.js';

export type PlacementScheme = 'spread-v1' | 'murmur3';

export const PLACEMENT_SCHEMES: readonly PlacementScheme[] = ['spread-v1', 'murmur3'];

/** 1 − 1/φ: the golden section, the step that keeps successive multiples evenly spread. */
const GOLDEN_SECTION = 0.3819660112501051;

function greatestCommonDivisor(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** The partition stride for N shards: coprime to N, nearest N·(1 − 1/φ); 1 for N ≤ 3. */
export function partitionStride(shardCount: number): number {
  const target = shardCount * GOLDEN_SECTION;
  let best = 1;
  for (let candidate = 1; candidate < shardCount; candidate++) {
    if (greatestCommonDivisor(candidate, shardCount) !== 1) continue;
    if (Math.abs(candidate - target) < Math.abs(best - target)) best = candidate;
  }
  return best;
}

export function spreadOwnerShard(streamId: number, topicId: number, partitionId: number, shardCount: number, stride = partitionStride(shardCount)): number {
  if (shardCount === 1) return 0;
  // Each term is reduced first so the sum stays far inside 2^53 for any id.
  return ((streamId % shardCount) + (topicId % shardCount) + ((partitionId % shardCount) * stride) % shardCount) % shardCount;
}

/** An owner function for one scheme and shard count, with the stride computed once. */
export function createOwnerOf(scheme: PlacementScheme, shardCount: number): (key: number) => number {
  if (shardCount === 1) return () => 0;
  if (scheme === 'murmur3') return (key) => partitionOwnerShard(key, shardCount);
  const stride = partitionStride(shardCount);
  return (key) => {
    const { streamId, topicId, partitionId } = splitPartitionKey(key);
    return spreadOwnerShard(streamId, topicId, partitionId, shardCount, stride);
  };
}
