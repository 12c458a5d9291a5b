// Checks cpu_allocation parsing of every Iggy 0.7 form (all, count, range, numa) and that the written form parses back to the same allocation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatCpuAllocation, parseCpuAllocation, type CpuAllocation } from '../../../src/config/cpu-allocation.js';

test('parses all, counts, ranges and NUMA settings', () => {
  const cases: Array<[string | number, CpuAllocation]> = [
    ['all', { kind: 'all' }],
    [4, { kind: 'count', count: 4 }],
    ['4', { kind: 'count', count: 4 }],
    ['5..8', { kind: 'range', start: 5, end: 8 }],
    ['numa:auto', { kind: 'numa', nodes: [], coresPerNode: 0, avoidHyperthread: true }],
    ['numa:nodes=0,1;cores=4;no_ht=false', { kind: 'numa', nodes: [0, 1], coresPerNode: 4, avoidHyperthread: false }],
    ['numa:cores=2', { kind: 'numa', nodes: [], coresPerNode: 2, avoidHyperthread: true }],
  ];
  for (const [input, expected] of cases) {
    const parsed = parseCpuAllocation(input);
    assert.deepEqual(parsed, expected, String(input));
    assert.deepEqual(parseCpuAllocation(formatCpuAllocation(parsed)), parsed, `round trip of ${input}`);
  }
});

test('rejects forms Iggy 0.7 rejects', () => {
  for (const input of ['Count:4', 'four', '1..2..3', 'a..4', 'numa:nodes=x', 'numa:cores', 'numa:foo=1', 'numa:no_ht=yes', -1, '']) {
    assert.throws(() => parseCpuAllocation(input), Error, String(input));
  }
});

test('writes a count as a number and other forms as strings', () => {
  assert.equal(formatCpuAllocation({ kind: 'count', count: 3 }), 3);
  assert.equal(formatCpuAllocation({ kind: 'all' }), 'all');
  assert.equal(formatCpuAllocation({ kind: 'range', start: 2, end: 6 }), '2..6');
});
