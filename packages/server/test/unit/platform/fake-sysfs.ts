import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Describes a machine for readCpuTopology({ rootPath }) tests. */
export interface FakeMachine {
  online: string;
  /** Per CPU: core id, package id, sibling list; omitted CPUs get no topology directory. */
  cpus: Record<number, { coreId: number; packageId: number; siblings: string }>;
  /** node id → cpulist; omitted = no /sys/devices/system/node directory. */
  nodes?: Record<number, string>;
  /** Cpus_allowed_list; omitted = no /proc/self/status. */
  allowed?: string;
}

/** Writes the /sys and /proc files readCpuTopology reads into a fresh temp dir and returns it. */
export function writeFakeSysfs(machine: FakeMachine): string {
  const root = mkdtempSync(join(tmpdir(), 'iggy-sysfs-'));
  const cpuDir = join(root, 'sys/devices/system/cpu');
  mkdirSync(cpuDir, { recursive: true });
  writeFileSync(join(cpuDir, 'online'), `${machine.online}\n`);
  for (const [cpu, info] of Object.entries(machine.cpus)) {
    const topologyDir = join(cpuDir, `cpu${cpu}`, 'topology');
    mkdirSync(topologyDir, { recursive: true });
    writeFileSync(join(topologyDir, 'core_id'), `${info.coreId}\n`);
    writeFileSync(join(topologyDir, 'physical_package_id'), `${info.packageId}\n`);
    writeFileSync(join(topologyDir, 'thread_siblings_list'), `${info.siblings}\n`);
  }
  if (machine.nodes !== undefined) {
    const nodeDir = join(root, 'sys/devices/system/node');
    mkdirSync(nodeDir, { recursive: true });
    writeFileSync(join(nodeDir, 'online'), `0-${Object.keys(machine.nodes).length - 1}\n`);
    for (const [node, cpulist] of Object.entries(machine.nodes)) {
      mkdirSync(join(nodeDir, `node${node}`));
      writeFileSync(join(nodeDir, `node${node}`, 'cpulist'), `${cpulist}\n`);
    }
  }
  if (machine.allowed !== undefined) {
    mkdirSync(join(root, 'proc/self'), { recursive: true });
    writeFileSync(
      join(root, 'proc/self/status'),
      `Name:\tnode\nThreads:\t11\nCpus_allowed:\tff\nCpus_allowed_list:\t${machine.allowed}\nMems_allowed_list:\t0\n`,
    );
  }
  return root;
}

/** 2 packages × 2 cores × 2 threads: CPUs 0-3 on node 0, 4-7 on node 1; siblings n and n+2. */
export const SMT_TWO_NODE_MACHINE: FakeMachine = {
  online: '0-7',
  cpus: {
    0: { coreId: 0, packageId: 0, siblings: '0,2' },
    1: { coreId: 1, packageId: 0, siblings: '1,3' },
    2: { coreId: 0, packageId: 0, siblings: '0,2' },
    3: { coreId: 1, packageId: 0, siblings: '1,3' },
    4: { coreId: 0, packageId: 1, siblings: '4,6' },
    5: { coreId: 1, packageId: 1, siblings: '5,7' },
    6: { coreId: 0, packageId: 1, siblings: '4,6' },
    7: { coreId: 1, packageId: 1, siblings: '5,7' },
  },
  nodes: { 0: '0-3', 1: '4-7' },
  allowed: '0-7',
};
