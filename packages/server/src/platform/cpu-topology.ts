import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseCpuList } from './cpu-list.js';

/** One logical CPU the process may run on. */
export interface LogicalCpu {
  cpu: number;
  /** Physical core id inside its package (`topology/core_id`). */
  coreId: number;
  /** Socket (`topology/physical_package_id`). */
  packageId: number;
  /** Logical CPUs sharing this physical core, itself included (`topology/thread_siblings_list`). */
  threadSiblings: number[];
  numaNode: number;
}

export interface NumaNode {
  nodeId: number;
  /** The node's CPUs that are online and allowed for this process (may be empty). */
  cpus: number[];
}

/**
 * What the shard allocator needs to know about the machine. Only CPUs that are both online and
 * in the process's affinity mask appear in `cpus` / `allowedCpus`: taskset, cgroup cpusets and
 * containers restrict that mask, and os.cpus() ignores it (reference/node-platform.md §3.2).
 */
export interface CpuTopology {
  /** Every online CPU, allowed or not (`/sys/devices/system/cpu/online`). */
  onlineCpus: number[];
  /** Online CPUs this process may run on, ascending. */
  allowedCpus: number[];
  /** Details of each allowed CPU, ascending by CPU number. */
  cpus: LogicalCpu[];
  /** NUMA nodes ascending by id; a kernel without /sys/devices/system/node gives one node 0. */
  numaNodes: NumaNode[];
}

export interface ReadCpuTopologyOptions {
  /** Directory standing in for `/` so tests can fake /sys and /proc; default `/`. */
  rootPath?: string;
}

function readOptional(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function readInteger(path: string, fallback: number): number {
  const text = readOptional(path);
  if (text === null) return fallback;
  const value = Number.parseInt(text.trim(), 10);
  return Number.isNaN(value) ? fallback : value;
}

/** Cpus_allowed_list of the process, or null when /proc does not say (non-Linux, odd kernels). */
function readAllowedCpus(rootPath: string): number[] | null {
  const status = readOptional(join(rootPath, 'proc/self/status'));
  if (status === null) return null;
  const line = status.split('\n').find((candidate) => candidate.startsWith('Cpus_allowed_list:'));
  return line === undefined ? null : parseCpuList(line.slice('Cpus_allowed_list:'.length));
}

function readNumaNodes(rootPath: string, onlineCpus: number[]): Map<number, number[]> {
  const nodes = new Map<number, number[]>();
  const nodeDir = join(rootPath, 'sys/devices/system/node');
  if (existsSync(nodeDir)) {
    for (const name of readdirSync(nodeDir)) {
      const match = /^node(\d+)$/.exec(name);
      if (match === null) continue;
      const cpulist = readOptional(join(nodeDir, name, 'cpulist'));
      nodes.set(Number(match[1]), cpulist === null ? [] : parseCpuList(cpulist));
    }
  }
  // Kernels built without NUMA have no node directory: everything is node 0.
  if (nodes.size === 0) nodes.set(0, [...onlineCpus]);
  return nodes;
}

/**
 * Reads CPU and NUMA topology from /sys and the affinity mask from /proc/self/status. On systems
 * without /sys (non-Linux) it falls back to CPUs 0..availableParallelism()-1 on one node, each its
 * own core, which is all the allocator can know there.
 */
export function readCpuTopology(options: ReadCpuTopologyOptions = {}): CpuTopology {
  const rootPath = options.rootPath ?? '/';
  const cpuDir = join(rootPath, 'sys/devices/system/cpu');
  const onlineText = readOptional(join(cpuDir, 'online'));
  const onlineCpus =
    onlineText === null ? Array.from({ length: availableParallelism() }, (_, cpu) => cpu) : parseCpuList(onlineText);
  const allowedMask = readAllowedCpus(rootPath);
  const allowedSet = new Set(allowedMask ?? onlineCpus);
  const allowedCpus = onlineCpus.filter((cpu) => allowedSet.has(cpu));
  const allowedOnline = new Set(allowedCpus);

  const nodeCpus = readNumaNodes(rootPath, onlineCpus);
  const nodeOfCpu = new Map<number, number>();
  for (const [nodeId, cpus] of nodeCpus) for (const cpu of cpus) nodeOfCpu.set(cpu, nodeId);

  const cpus = allowedCpus.map((cpu): LogicalCpu => {
    const topologyDir = join(cpuDir, `cpu${cpu}`, 'topology');
    const siblingsText = readOptional(join(topologyDir, 'thread_siblings_list'));
    return {
      cpu,
      // Missing topology files (some VMs, non-Linux) make every CPU its own core on package 0.
      coreId: readInteger(join(topologyDir, 'core_id'), cpu),
      packageId: readInteger(join(topologyDir, 'physical_package_id'), 0),
      threadSiblings: siblingsText === null ? [cpu] : parseCpuList(siblingsText),
      numaNode: nodeOfCpu.get(cpu) ?? 0,
    };
  });

  const numaNodes = [...nodeCpus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([nodeId, nodeCpuList]): NumaNode => ({ nodeId, cpus: nodeCpuList.filter((cpu) => allowedOnline.has(cpu)) }));
  return { onlineCpus, allowedCpus, cpus, numaNodes };
}
