import { readFileSync } from 'node:fs';

/** USER_HZ: Linux reports thread times in 1/100 s on every architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, ms) of the calling thread from /proc/thread-self/stat, so each worker
 * measures itself (process.cpuUsage() would add up every thread). null off Linux.
 */
export function threadCpuMs(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // Fields after the ")" that closes the command name: state is [0], utime [11], stime [12].
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}
