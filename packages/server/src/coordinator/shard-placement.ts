/**
 * How many shards to start and where to pin them: `system.sharding.cpu_allocation` parsed as Iggy
 * 0.7 does, applied to the CPU/NUMA topology read from /sys and the process's allowed CPUs.
 * Where /sys cannot be read (not Linux), counts still work and shards run unpinned.
 *
 * Runs on: the coordinator, once at start-up.
 */
import os from 'node:os';
import { parseCpuAllocation } from '../config/cpu-allocation.js';
import type { ServerConfig } from '../config/server-config.js';
import { readCpuTopology } from '../platform/cpu-topology.js';
import { computeShardAllocation } from '../platform/shard-allocation.js';

export interface ShardPlacement {
  shardCount: number;
  /** CPU to pin shard i to, or null to leave it unpinned. */
  cpus: (number | null)[];
  warnings: string[];
}

export function planShardPlacement(config: ServerConfig): ShardPlacement {
  const value = config.system.sharding.cpu_allocation;
  const allocation = parseCpuAllocation(value);
  let topology;
  try {
    topology = readCpuTopology();
  } catch (error) {
    const count = allocation.kind === 'count' ? allocation.count : allocation.kind === 'range' ? allocation.end - allocation.start : os.availableParallelism();
    return {
      shardCount: Math.max(1, count),
      cpus: Array<number | null>(Math.max(1, count)).fill(null),
      warnings: [`CPU topology unavailable (${(error as Error).message}): ${count} shard(s), unpinned`],
    };
  }
  try {
    const placement = computeShardAllocation(allocation, topology);
    return { shardCount: placement.shardCount, cpus: placement.cpus, warnings: [] };
  } catch (error) {
    // Impossible values stop start-up with the key named, like every other config error.
    throw new Error(`system.sharding.cpu_allocation = ${JSON.stringify(value)}: ${(error as Error).message}`);
  }
}
