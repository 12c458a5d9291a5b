#!/usr/bin/env node
// Prints how evenly each partition placement scheme spreads partitions over shards, for every
// grid of 1..64 streams x 1..8 partitions (one topic each) and 2..16 shards: the worst and mean
// ratio of the busiest shard's partition count to the best possible (ceil(partitions/shards)),
// and the busiest shard for 8 single-partition streams. Needs `npm run build` first.
// Used for docs/decisions/20261206-partition-placement.md.
import { partitionKey } from '../packages/server/dist/src/bus/namespace.js';
import { createOwnerOf } from '../packages/server/dist/src/bus/partition-placement.js';

function spread(scheme, shardCount) {
  const ownerOf = createOwnerOf(scheme, shardCount);
  let worst = 0;
  let sum = 0;
  let cases = 0;
  for (let streams = 1; streams <= 64; streams++) {
    for (let partitions = 1; partitions <= 8; partitions++) {
      const load = new Array(shardCount).fill(0);
      for (let s = 0; s < streams; s++) for (let p = 0; p < partitions; p++) load[ownerOf(partitionKey(s, 0, p))]++;
      const ratio = Math.max(...load) / Math.ceil((streams * partitions) / shardCount);
      worst = Math.max(worst, ratio);
      sum += ratio;
      cases++;
    }
  }
  const eight = new Array(shardCount).fill(0);
  for (let s = 0; s < 8; s++) eight[ownerOf(partitionKey(s, 0, 0))]++;
  return { worst, mean: sum / cases, eightStreamsMax: Math.max(...eight) };
}

console.log('| shards | murmur3 worst | murmur3 mean | spread-v1 worst | spread-v1 mean | 8 streams x 1 partition: busiest shard (murmur3 / spread-v1) |');
console.log('|--:|--:|--:|--:|--:|--:|');
for (let n = 2; n <= 16; n++) {
  const m = spread('murmur3', n);
  const s = spread('spread-v1', n);
  console.log(`| ${n} | ${m.worst.toFixed(2)} | ${m.mean.toFixed(3)} | ${s.worst.toFixed(2)} | ${s.mean.toFixed(3)} | ${m.eightStreamsMax} / ${s.eightStreamsMax} |`);
}
