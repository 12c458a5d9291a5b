// Partition → shard mapping must equal Iggy 0.7's (MurmurHash3-x86-32 of the packed key, upper 16
// bits mod shard count) so a data directory is owned the same way. Method: the reference vectors
// of sharding.md §4 and the published MurmurHash3 vector for "hello".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { murmur3x86_32, partitionKey, partitionOwnerShard, splitPartitionKey } from '../../../src/bus/namespace.js';

test('murmur3 x86_32 matches the published vector', () => {
  assert.equal(murmur3x86_32(Buffer.from('hello')), 0x248bfa47);
  assert.equal(murmur3x86_32(Buffer.alloc(0)), 0);
});

test('owner shards match the sharding reference table', () => {
  const vectors: [number, number, number, number, number, number, number][] = [
    // stream, topic, partition, murmur3, N=2, N=4, N=8
    [0, 0, 0, 1669671676, 1, 1, 5],
    [0, 0, 1, 1392991556, 1, 3, 7],
    [0, 0, 2, 3323962100, 1, 3, 7],
    [0, 0, 3, 2738575283, 1, 3, 3],
    [1, 0, 0, 987256456, 0, 0, 0],
    [0, 1, 0, 989398020, 1, 1, 1],
    [2, 3, 4, 1364686062, 1, 3, 7],
  ];
  for (const [stream, topic, partition, hash, n2, n4, n8] of vectors) {
    const key = partitionKey(stream, topic, partition);
    const bytes = Buffer.alloc(8);
    bytes.writeBigUInt64LE(BigInt(key));
    assert.equal(murmur3x86_32(bytes), hash, `hash of (${stream},${topic},${partition})`);
    assert.equal(partitionOwnerShard(key, 2), n2);
    assert.equal(partitionOwnerShard(key, 4), n4);
    assert.equal(partitionOwnerShard(key, 8), n8);
    assert.equal(partitionOwnerShard(key, 1), 0);
    assert.deepEqual(splitPartitionKey(key), { streamId: stream, topicId: topic, partitionId: partition });
  }
});
