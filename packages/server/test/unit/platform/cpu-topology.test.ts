// Checks readCpuTopology against fake /sys and /proc trees in a temp dir (plain 2 CPUs, SMT siblings, two NUMA nodes, a restricted affinity mask) and the kernel CPU-list parser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { readCpuTopology } from '../../../src/platform/cpu-topology.js';
import { formatCpuList, parseCpuList } from '../../../src/platform/cpu-list.js';
import { SMT_TWO_NODE_MACHINE, writeFakeSysfs, type FakeMachine } from './fake-sysfs.js';

function withMachine<T>(machine: FakeMachine, body: (rootPath: string) => T): T {
  const rootPath = writeFakeSysfs(machine);
  try {
    return body(rootPath);
  } finally {
    rmSync(rootPath, { recursive: true, force: true });
  }
}

test('parses and formats kernel CPU lists', () => {
  assert.deepEqual(parseCpuList('0-3,8,10-11\n'), [0, 1, 2, 3, 8, 10, 11]);
  assert.deepEqual(parseCpuList(''), []);
  assert.deepEqual(parseCpuList('5,1,1'), [1, 5]);
  assert.equal(formatCpuList([0, 1, 2, 3, 8, 10, 11]), '0-3,8,10-11');
  assert.equal(formatCpuList([]), '');
  for (const bad of ['a', '3-1', '1,,2', '1-']) assert.throws(() => parseCpuList(bad), /Invalid CPU list/, bad);
});

test('two CPUs without NUMA directory form one node 0 with both CPUs', () => {
  const topology = withMachine(
    {
      online: '0-1',
      cpus: { 0: { coreId: 0, packageId: 0, siblings: '0' }, 1: { coreId: 1, packageId: 0, siblings: '1' } },
      allowed: '0-1',
    },
    (rootPath) => readCpuTopology({ rootPath }),
  );
  assert.deepEqual(topology.onlineCpus, [0, 1]);
  assert.deepEqual(topology.allowedCpus, [0, 1]);
  assert.deepEqual(topology.numaNodes, [{ nodeId: 0, cpus: [0, 1] }]);
  assert.deepEqual(topology.cpus, [
    { cpu: 0, coreId: 0, packageId: 0, threadSiblings: [0], numaNode: 0 },
    { cpu: 1, coreId: 1, packageId: 0, threadSiblings: [1], numaNode: 0 },
  ]);
});

test('reads SMT siblings, packages and two NUMA nodes', () => {
  const topology = withMachine(SMT_TWO_NODE_MACHINE, (rootPath) => readCpuTopology({ rootPath }));
  assert.deepEqual(topology.allowedCpus, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(topology.numaNodes, [
    { nodeId: 0, cpus: [0, 1, 2, 3] },
    { nodeId: 1, cpus: [4, 5, 6, 7] },
  ]);
  assert.deepEqual(topology.cpus[2], { cpu: 2, coreId: 0, packageId: 0, threadSiblings: [0, 2], numaNode: 0 });
  assert.deepEqual(topology.cpus[7], { cpu: 7, coreId: 1, packageId: 1, threadSiblings: [5, 7], numaNode: 1 });
});

test('intersects online CPUs and nodes with Cpus_allowed_list', () => {
  const topology = withMachine({ ...SMT_TWO_NODE_MACHINE, online: '0-6', allowed: '1-2,5-9' }, (rootPath) =>
    readCpuTopology({ rootPath }),
  );
  assert.deepEqual(topology.onlineCpus, [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(topology.allowedCpus, [1, 2, 5, 6]);
  assert.deepEqual(topology.cpus.map((cpu) => cpu.cpu), [1, 2, 5, 6]);
  assert.deepEqual(topology.numaNodes, [
    { nodeId: 0, cpus: [1, 2] },
    { nodeId: 1, cpus: [5, 6] },
  ]);
});

test('missing topology files and missing /proc status fall back to one core per CPU, all allowed', () => {
  const topology = withMachine({ online: '0-2', cpus: {} }, (rootPath) => readCpuTopology({ rootPath }));
  assert.deepEqual(topology.allowedCpus, [0, 1, 2]);
  assert.deepEqual(topology.cpus[1], { cpu: 1, coreId: 1, packageId: 0, threadSiblings: [1], numaNode: 0 });
});

test('reads this machine: every allowed CPU is online and belongs to a node', () => {
  const topology = readCpuTopology();
  assert.ok(topology.allowedCpus.length >= 1);
  const online = new Set(topology.onlineCpus);
  for (const cpu of topology.allowedCpus) assert.ok(online.has(cpu), `CPU ${cpu} online`);
  const inNodes = topology.numaNodes.flatMap((node) => node.cpus).sort((a, b) => a - b);
  assert.deepEqual(inNodes, topology.allowedCpus);
});
