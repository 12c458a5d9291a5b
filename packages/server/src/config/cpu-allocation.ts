/**
 * `system.sharding.cpu_allocation` (Iggy's CpuAllocation, reference/sharding.md §2): how many
 * shards to run and which CPUs to pin them to. The config keeps the value in Iggy's written form
 * (a count as a number, everything else as a string); this parser turns it into a union for the
 * shard runtime and for validation.
 */
export type CpuAllocation =
  /** One shard per CPU that `os.availableParallelism()` reports; shard i pinned to CPU i. */
  | { kind: 'all' }
  /** `count` shards pinned to CPUs 0..count-1. */
  | { kind: 'count'; count: number }
  /** One shard per CPU in start..end (end exclusive). */
  | { kind: 'range'; start: number; end: number }
  /** NUMA-aware placement; empty `nodes` = every node, `coresPerNode` 0 = every core. */
  | { kind: 'numa'; nodes: number[]; coresPerNode: number; avoidHyperthread: boolean };

function parseCount(text: string, what: string): number {
  if (!/^\d+$/.test(text)) throw new Error(`${what}: ${text}`);
  return Number(text);
}

function parseNuma(text: string): CpuAllocation {
  const params = text.slice('numa:'.length);
  if (params === 'auto') return { kind: 'numa', nodes: [], coresPerNode: 0, avoidHyperthread: true };
  let nodes: number[] = [];
  let coresPerNode = 0;
  let avoidHyperthread = true;
  for (const param of params.split(';')) {
    const parts = param.split('=');
    if (parts.length !== 2) throw new Error(`Invalid NUMA parameter: '${param}'`);
    const [name, value] = parts as [string, string];
    if (name === 'nodes') nodes = value.split(',').map((node) => parseCount(node, 'Invalid node number'));
    else if (name === 'cores') coresPerNode = parseCount(value, 'Invalid cores value');
    else if (name === 'no_ht') {
      if (value !== 'true' && value !== 'false') throw new Error(`Invalid no ht value: ${value}`);
      avoidHyperthread = value === 'true';
    } else throw new Error(`Unknown NUMA parameter: ${name}, example: numa:nodes=0;cores=4;no_ht=true`);
  }
  return { kind: 'numa', nodes, coresPerNode, avoidHyperthread };
}

/**
 * Parses `"all"`, a count (number or numeric string), `"start..end"`, `"numa:auto"` or
 * `"numa:nodes=0,1;cores=4;no_ht=true"`. There is no `"Count:N"` form (Iggy 0.7 rejects it too).
 * Throws `Error` with Iggy's wording; range and count limits are checked by validateConfig.
 */
export function parseCpuAllocation(value: string | number): CpuAllocation {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`Invalid shard count: ${value}`);
    return { kind: 'count', count: value };
  }
  const text = value.trim();
  if (text === 'all') return { kind: 'all' };
  if (text.startsWith('numa:')) return parseNuma(text);
  if (text.includes('..')) {
    const parts = text.split('..');
    if (parts.length !== 2) throw new Error(`Invalid range format: ${text}. Expected 'start..end'`);
    return {
      kind: 'range',
      start: parseCount(parts[0]!, 'Invalid start value'),
      end: parseCount(parts[1]!, 'Invalid end value'),
    };
  }
  return { kind: 'count', count: parseCount(text, 'Invalid shard count') };
}

/**
 * The written form kept in ServerConfig: a count as a number, the rest as strings. Unlike Iggy
 * (which writes `cores:N`), explicit NUMA settings are written so that they parse again.
 */
export function formatCpuAllocation(allocation: CpuAllocation): string | number {
  switch (allocation.kind) {
    case 'all':
      return 'all';
    case 'count':
      return allocation.count;
    case 'range':
      return `${allocation.start}..${allocation.end}`;
    case 'numa':
      if (allocation.nodes.length === 0 && allocation.coresPerNode === 0 && allocation.avoidHyperthread) return 'numa:auto';
    {
      const params = allocation.nodes.length > 0 ? [`nodes=${allocation.nodes.join(',')}`] : [];
      params.push(`cores=${allocation.coresPerNode}`, `no_ht=${allocation.avoidHyperthread}`);
      return `numa:${params.join(';')}`;
    }
  }
}
