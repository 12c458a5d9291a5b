// Checks computeShardAllocation for every cpu_allocation form (all, count, range, numa:auto, explicit numa with and without no_ht) on built topologies, and that impossible values fail with a clear message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCpuAllocation } from '../../../src/config/cpu-allocation.js';
import { computeShardAllocation } from '../../../src/platform/shard-allocation.js';
import type { CpuTopology, LogicalCpu } from '../../../src/platform/cpu-topology.js';

/** CPUs 0..7: node 0 = 0-3, node 1 = 4-7; each physical core has siblings n and n+2 (see fake-sysfs.ts). */
function smtTwoNodes(allowed: number[] = [0, 1, 2, 3, 4, 5, 6, 7]): CpuTopology {
  const allowedSet = new Set(allowed);
  const cpus: LogicalCpu[] = allowed.map((cpu) => {
    const node = cpu < 4 ? 0 : 1;
    const coreId = cpu % 2;
    const first = node * 4 + coreId;
    return { cpu, coreId, packageId: node, threadSiblings: [first, first + 2], numaNode: node };
  });
  return {
    onlineCpus: [0, 1, 2, 3, 4, 5, 6, 7],
    allowedCpus: allowed,
    cpus,
    numaNodes: [
      { nodeId: 0, cpus: [0, 1, 2, 3].filter((cpu) => allowedSet.has(cpu)) },
      { nodeId: 1, cpus: [4, 5, 6, 7].filter((cpu) => allowedSet.has(cpu)) },
    ],
  };
}

function twoCpus(): CpuTopology {
  return {
    onlineCpus: [0, 1],
    allowedCpus: [0, 1],
    cpus: [
      { cpu: 0, coreId: 0, packageId: 0, threadSiblings: [0], numaNode: 0 },
      { cpu: 1, coreId: 1, packageId: 0, threadSiblings: [1], numaNode: 0 },
    ],
    numaNodes: [{ nodeId: 0, cpus: [0, 1] }],
  };
}

function allocate(value: string | number, topology: CpuTopology) {
  return computeShardAllocation(parseCpuAllocation(value), topology);
}

test('all: one shard per allowed CPU, pinned to the allowed CPUs in order', () => {
  assert.deepEqual(allocate('all', twoCpus()), { shardCount: 2, cpus: [0, 1] });
  assert.deepEqual(allocate('all', smtTwoNodes([2, 3, 6])), { shardCount: 3, cpus: [2, 3, 6] });
});

test('count N: shards on CPUs 0..N-1', () => {
  assert.deepEqual(allocate(1, twoCpus()), { shardCount: 1, cpus: [0] });
  assert.deepEqual(allocate('2', twoCpus()), { shardCount: 2, cpus: [0, 1] });
  assert.deepEqual(allocate(4, smtTwoNodes()), { shardCount: 4, cpus: [0, 1, 2, 3] });
});

test('count N: zero, more than available, or CPUs outside the affinity mask are refused', () => {
  assert.throws(() => allocate(0, twoCpus()), /at least 1 shard/);
  assert.throws(() => allocate(3, twoCpus()), /cpu_allocation 3: more shards than CPUs, only 2 available \(allowed CPUs: 0-1\)/);
  assert.throws(() => allocate(2, smtTwoNodes([1, 2, 3])), /needs CPUs 0, which are not online or not in this process's affinity mask/);
});

test('range a..b: end exclusive', () => {
  assert.deepEqual(allocate('5..8', smtTwoNodes()), { shardCount: 3, cpus: [5, 6, 7] });
  assert.deepEqual(allocate('1..2', twoCpus()), { shardCount: 1, cpus: [1] });
});

test('range a..b: empty, beyond the machine or outside the mask is refused', () => {
  assert.throws(() => allocate('3..3', smtTwoNodes()), /empty range/);
  assert.throws(() => allocate('4..2', smtTwoNodes()), /empty range/);
  assert.throws(() => allocate('1..3', twoCpus()), /needs CPUs 2/);
  assert.throws(() => allocate('0..4', smtTwoNodes([0, 1, 3])), /needs CPUs 2/);
});

test('numa:auto: one shard per physical core of every node (lowest sibling)', () => {
  assert.deepEqual(allocate('numa:auto', smtTwoNodes()), { shardCount: 4, cpus: [0, 1, 4, 5] });
  assert.deepEqual(allocate('numa:auto', twoCpus()), { shardCount: 2, cpus: [0, 1] });
});

test('numa:auto uses the lowest allowed sibling when the lowest one is masked out', () => {
  assert.deepEqual(allocate('numa:auto', smtTwoNodes([1, 2, 3, 5, 6, 7])), { shardCount: 4, cpus: [1, 2, 5, 6] });
});

test('explicit numa: nodes, cores per node and no_ht', () => {
  assert.deepEqual(allocate('numa:nodes=1;cores=2;no_ht=true', smtTwoNodes()), { shardCount: 2, cpus: [4, 5] });
  assert.deepEqual(allocate('numa:nodes=1,0;cores=1', smtTwoNodes()), { shardCount: 2, cpus: [4, 0] });
  assert.deepEqual(allocate('numa:nodes=0;cores=3;no_ht=false', smtTwoNodes()), { shardCount: 3, cpus: [0, 1, 2] });
  assert.deepEqual(allocate('numa:nodes=0,1;cores=0;no_ht=false', smtTwoNodes()), {
    shardCount: 8,
    cpus: [0, 1, 2, 3, 4, 5, 6, 7],
  });
});

test('explicit numa: unknown node and insufficient cores are refused', () => {
  assert.throws(() => allocate('numa:nodes=2', smtTwoNodes()), /NUMA node 2 does not exist \(available nodes: 0, 1\)/);
  assert.throws(
    () => allocate('numa:nodes=0;cores=3;no_ht=true', smtTwoNodes()),
    /insufficient cores on NUMA node 0: 3 requested, 2 allowed physical cores available/,
  );
  // cores = 0 takes the first node's count (3 logical CPUs) and node 1 then has only 2.
  assert.throws(
    () => allocate('numa:nodes=0,1;cores=0;no_ht=false', smtTwoNodes([0, 1, 2, 4, 5])),
    /insufficient cores on NUMA node 1: 3 requested, 2 allowed logical CPUs available/,
  );
  assert.throws(() => allocate('numa:nodes=1', smtTwoNodes([0, 1])), /NUMA node 1 has no allowed physical cores/);
});
