import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BalancedPartitioner } from '../../../src/shard/operations/balanced-partitioner.js';

test('a new topic starts at partition 0 and goes round-robin', () => {
  const partitioner = BalancedPartitioner.attach(BalancedPartitioner.createBuffer(16));
  const chosen = Array.from({ length: 7 }, () => partitioner.next(1, 1, 1000n, 3));
  assert.deepEqual(chosen, [0, 1, 2, 0, 1, 2, 0]);
});

test('two shards attached to the same buffer share one counter per topic', () => {
  const buffer = BalancedPartitioner.createBuffer(16);
  const shardA = BalancedPartitioner.attach(buffer);
  const shardB = BalancedPartitioner.attach(buffer);
  const chosen = [shardA, shardB, shardB, shardA, shardB, shardA].map((p) => p.next(3, 7, 42n, 3));
  assert.deepEqual(chosen, [0, 1, 2, 0, 1, 2]);
  // Another topic has its own counter.
  assert.equal(shardB.next(3, 8, 42n, 3), 0);
});

test('a topic id reused by a new topic (other creation time) starts at 0 again', () => {
  const partitioner = BalancedPartitioner.attach(BalancedPartitioner.createBuffer(16));
  partitioner.next(1, 1, 1000n, 3);
  partitioner.next(1, 1, 1000n, 3);
  assert.equal(partitioner.next(1, 1, 2000n, 3), 0);
  assert.equal(partitioner.next(1, 1, 2000n, 3), 1);
});

test('more topics than table entries still get round-robin (per-shard overflow)', () => {
  const partitioner = BalancedPartitioner.attach(BalancedPartitioner.createBuffer(2));
  for (let topicId = 1; topicId <= 4; topicId++) {
    assert.deepEqual([0, 1, 2, 3].map(() => partitioner.next(1, topicId, 5n, 2)), [0, 1, 0, 1], `topic ${topicId}`);
  }
});
