// Goal: percentiles and latency summaries are computed correctly; method: known inputs with hand-computed interpolated ranks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { latencyStats, percentile, sortedCopy } from '../src/index.js';

test('percentile interpolates between the nearest ranks', () => {
  const values = sortedCopy([5, 1, 4, 2, 3]);
  assert.deepEqual(Array.from(values), [1, 2, 3, 4, 5]);
  assert.equal(percentile(values, 50), 3);
  assert.equal(percentile(values, 0), 1);
  assert.equal(percentile(values, 100), 5);
  assert.equal(percentile(values, 90), 4.6);
  assert.equal(percentile(sortedCopy([1, 2]), 50), 1.5);
  assert.ok(Number.isNaN(percentile(new Float64Array(0), 50)));
});

test('p99 of 1..1000 µs is 990.01 µs; latencyStats reports ms', () => {
  const us = Array.from({ length: 1000 }, (_, i) => i + 1);
  const stats = latencyStats(us);
  assert.equal(stats.p50Ms, 0.5005);
  assert.ok(Math.abs(stats.p99Ms - 0.99001) < 1e-9);
  assert.equal(stats.minMs, 0.001);
  assert.equal(stats.maxMs, 1);
  assert.equal(stats.avgMs, 0.5005);
});
