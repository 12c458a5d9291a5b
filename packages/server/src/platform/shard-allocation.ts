import type { CpuAllocation } from '../config/cpu-allocation.js';
import { formatCpuList } from './cpu-list.js';
import type { CpuTopology, LogicalCpu } from './cpu-topology.js';

/** How many shards to start and the CPU each one is pinned to (`cpus[shardId]`). */
export interface ShardAllocation {
  shardCount: number;
  cpus: number[];
}

function describeAllowed(topology: CpuTopology): string {
  return `allowed CPUs: ${formatCpuList(topology.allowedCpus) || 'none'}`;
}

function requireAllowed(cpus: number[], topology: CpuTopology, what: string): void {
  const allowed = new Set(topology.allowedCpus);
  const missing = cpus.filter((cpu) => !allowed.has(cpu));
  if (missing.length > 0) {
    throw new Error(
      `cpu_allocation ${what} needs CPUs ${formatCpuList(missing)}, which are not online or not in this process's affinity mask (${describeAllowed(topology)})`,
    );
  }
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, index) => start + index);
}

/**
 * One candidate CPU per shard slot of a node. With `avoidHyperthread` each physical core
 * (package, core id) contributes only its lowest allowed logical CPU, as Iggy's hwloc allocator
 * does; otherwise every allowed logical CPU counts.
 */
function nodeCandidates(nodeCpus: readonly number[], cpuInfo: Map<number, LogicalCpu>, avoidHyperthread: boolean): number[] {
  if (!avoidHyperthread) return [...nodeCpus];
  const firstOfCore = new Map<string, number>();
  for (const cpu of nodeCpus) {
    const info = cpuInfo.get(cpu);
    const key = info === undefined ? `cpu:${cpu}` : `${info.packageId}:${info.coreId}`;
    const known = firstOfCore.get(key);
    if (known === undefined || cpu < known) firstOfCore.set(key, cpu);
  }
  return [...firstOfCore.values()].sort((a, b) => a - b);
}

function computeNuma(allocation: Extract<CpuAllocation, { kind: 'numa' }>, topology: CpuTopology): number[] {
  if (topology.numaNodes.length === 0) throw new Error('cpu_allocation numa: no NUMA node found');
  const known = new Map(topology.numaNodes.map((node) => [node.nodeId, node]));
  const nodeIds = allocation.nodes.length > 0 ? allocation.nodes : topology.numaNodes.map((node) => node.nodeId);
  const cpuInfo = new Map(topology.cpus.map((info) => [info.cpu, info]));
  const candidates = nodeIds.map((nodeId) => {
    const node = known.get(nodeId);
    if (node === undefined) {
      throw new Error(
        `cpu_allocation numa: NUMA node ${nodeId} does not exist (available nodes: ${[...known.keys()].join(', ')})`,
      );
    }
    return { nodeId, cpus: nodeCandidates(node.cpus, cpuInfo, allocation.avoidHyperthread) };
  });
  // cores = 0 means "as many as the first selected node has", applied to every node (Iggy 0.7).
  const coresPerNode = allocation.coresPerNode > 0 ? allocation.coresPerNode : candidates[0]!.cpus.length;
  const unit = allocation.avoidHyperthread ? 'physical cores' : 'logical CPUs';
  if (coresPerNode === 0) throw new Error(`cpu_allocation numa: NUMA node ${candidates[0]!.nodeId} has no allowed ${unit}`);
  const cpus: number[] = [];
  for (const { nodeId, cpus: nodeCpus } of candidates) {
    if (nodeCpus.length < coresPerNode) {
      throw new Error(
        `cpu_allocation numa: insufficient cores on NUMA node ${nodeId}: ${coresPerNode} requested, ${nodeCpus.length} allowed ${unit} available`,
      );
    }
    cpus.push(...nodeCpus.slice(0, coresPerNode));
  }
  return cpus;
}

/**
 * Turns `system.sharding.cpu_allocation` into shard count and per-shard CPU, with Iggy 0.7's
 * meaning of each form (reference/sharding.md §2-§3). Throws an Error naming the problem when the
 * value cannot be satisfied on this machine, so the server refuses to start instead of running
 * shards on CPUs it may not use.
 *
 * Differences from Iggy, on purpose: `all` pins shard i to the i-th *allowed* CPU (Iggy pins to
 * CPU i and logs an error when that CPU is outside the cpuset); count and range forms must name
 * CPUs that are online and allowed, where Iggy would log a pinning error and run unpinned.
 */
export function computeShardAllocation(allocation: CpuAllocation, topology: CpuTopology): ShardAllocation {
  let cpus: number[];
  switch (allocation.kind) {
    case 'all':
      if (topology.allowedCpus.length === 0) throw new Error('cpu_allocation all: this process may not run on any online CPU');
      cpus = [...topology.allowedCpus];
      break;
    case 'count': {
      const available = topology.allowedCpus.length;
      if (allocation.count < 1) throw new Error(`cpu_allocation ${allocation.count}: at least 1 shard is required`);
      if (allocation.count > available) {
        throw new Error(
          `cpu_allocation ${allocation.count}: more shards than CPUs, only ${available} available (${describeAllowed(topology)})`,
        );
      }
      cpus = range(0, allocation.count);
      requireAllowed(cpus, topology, String(allocation.count));
      break;
    }
    case 'range': {
      const text = `${allocation.start}..${allocation.end}`;
      if (allocation.start >= allocation.end) {
        throw new Error(`cpu_allocation ${text}: empty range, start must be less than end (the end is exclusive)`);
      }
      cpus = range(allocation.start, allocation.end);
      requireAllowed(cpus, topology, text);
      break;
    }
    case 'numa':
      cpus = computeNuma(allocation, topology);
      break;
  }
  return { shardCount: cpus.length, cpus };
}
