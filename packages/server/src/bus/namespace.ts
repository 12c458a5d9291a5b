import { PARTITION_ID_MAX, STREAM_ID_MAX, TOPIC_ID_MAX } from '../limits.js';
import type { PartitionAddress } from './shard-messages.js';

/**
 * A partition's address packed as Iggy's 64-bit namespace key:
 * (stream & 0xFFF) << 32 | (topic & 0xFFF) << 20 | (partition & 0xFFFFF).
 * Kept as a number (it fits in 44 bits) so it can be a Map key and cross threads cheaply.
 */
export function partitionKey(streamId: number, topicId: number, partitionId: number): number {
  return (streamId & STREAM_ID_MAX) * 2 ** 32 + (topicId & TOPIC_ID_MAX) * 2 ** 20 + (partitionId & PARTITION_ID_MAX);
}

export function splitPartitionKey(key: number): { streamId: number; topicId: number; partitionId: number } {
  const high = Math.floor(key / 2 ** 32);
  const low = key % 2 ** 32;
  return { streamId: high, topicId: Math.floor(low / 2 ** 20), partitionId: low % 2 ** 20 };
}

/**
 * MurmurHash3 x86 32-bit, seed 0, over the key's 8 little-endian bytes: Iggy's
 * calculate_shard_assignment. Reference vector: "hello" → 0x248bfa47.
 */
export function murmur3x86_32(bytes: Uint8Array, seed = 0): number {
  const c1 = 0xcc9e2d51;
  const c2 = 0x1b873593;
  let h = seed >>> 0;
  const blocks = bytes.length >> 2;
  for (let i = 0; i < blocks; i++) {
    const at = i << 2;
    let k = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  // Tail bytes (0-3), little-endian, without switch fallthrough.
  const tail = blocks << 2;
  const rest = bytes.length & 3;
  if (rest > 0) {
    let k = 0;
    if (rest === 3) k ^= bytes[tail + 2]! << 16;
    if (rest >= 2) k ^= bytes[tail + 1]! << 8;
    k ^= bytes[tail]!;
    k = Math.imul(k, c1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, c2);
    h ^= k;
  }
  h ^= bytes.length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const keyBytes = Buffer.alloc(8);

/** Owner shard of a partition: (murmur3(key LE) >> 16) mod shardCount (sharding.md §4). */
export function partitionOwnerShard(key: number, shardCount: number): number {
  if (shardCount === 1) return 0;
  keyBytes.writeBigUInt64LE(BigInt(key), 0);
  return (murmur3x86_32(keyBytes) >>> 16) % shardCount;
}

/** The bus address of one partition (its packed key plus the ids it packs). */
export function partitionAddress(streamId: number, topicId: number, partitionId: number): PartitionAddress {
  return { key: partitionKey(streamId, topicId, partitionId), streamId, topicId, partitionId };
}
