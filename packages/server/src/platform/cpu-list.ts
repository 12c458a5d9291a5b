/**
 * The kernel's CPU list format ("0-3,8,10-11"), used by /sys/devices/system/cpu/online,
 * thread_siblings_list, node cpulist and Cpus_allowed_list in /proc/<pid>/status.
 */

/** Parses a kernel CPU list into sorted, distinct CPU numbers; an empty string is an empty list. */
export function parseCpuList(text: string): number[] {
  const cpus = new Set<number>();
  const trimmed = text.trim();
  if (trimmed === '') return [];
  for (const part of trimmed.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (match === null) throw new Error(`Invalid CPU list '${text}': bad element '${part}'`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) throw new Error(`Invalid CPU list '${text}': descending range '${part}'`);
    for (let cpu = first; cpu <= last; cpu++) cpus.add(cpu);
  }
  return [...cpus].sort((a, b) => a - b);
}

/** Formats CPU numbers the way the kernel does, joining consecutive CPUs into ranges. */
export function formatCpuList(cpus: readonly number[]): string {
  const sorted = [...new Set(cpus)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let index = 0; index < sorted.length; ) {
    const first = sorted[index]!;
    let last = first;
    while (index + 1 < sorted.length && sorted[index + 1] === last + 1) last = sorted[++index]!;
    parts.push(first === last ? String(first) : `${first}-${last}`);
    index++;
  }
  return parts.join(',');
}
