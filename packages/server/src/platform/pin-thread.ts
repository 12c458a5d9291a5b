import { readFileSync, writeFileSync } from 'node:fs';
import { checkSyscall, LINUX, loadLibc } from './libc.js';
import { parseCpuList } from './cpu-list.js';

/**
 * Per-thread CPU affinity and names for shard threads. Node gives a worker_thread no way to pin
 * itself, so these call sched_setaffinity/prctl through FFI with the *thread* id (gettid): passing
 * process.pid would pin the main thread instead (reference/node-platform.md §3.3). Call them from
 * inside the thread they should affect.
 */

/** Kernel thread id of the calling JS thread, or null where FFI is unavailable. */
export function currentThreadId(): number | null {
  const libc = loadLibc();
  return libc === null ? null : libc.gettid();
}

/**
 * Restricts the calling thread to one CPU. Returns false (doing nothing) where pinning is not
 * supported, so shards still run unpinned as Iggy does when pinning fails; throws SyscallError
 * when the kernel refuses (EINVAL: CPU offline or outside the cpuset).
 */
export function pinCurrentThread(cpu: number): boolean {
  if (!Number.isSafeInteger(cpu) || cpu < 0 || cpu >= LINUX.CPU_MASK_SIZE_BYTES * 8) {
    throw new RangeError(`CPU ${cpu} is outside 0..${LINUX.CPU_MASK_SIZE_BYTES * 8 - 1}`);
  }
  const libc = loadLibc();
  if (libc === null) return false;
  const mask = new Uint8Array(LINUX.CPU_MASK_SIZE_BYTES);
  mask[cpu >> 3]! |= 1 << (cpu & 7);
  checkSyscall(libc, 'sched_setaffinity', libc.sched_setaffinity(libc.gettid(), mask.byteLength, mask), `CPU ${cpu}`);
  return true;
}

/**
 * CPUs the calling thread may run on. Uses sched_getaffinity, or /proc/thread-self/status on
 * Linux without FFI; null where neither exists.
 */
export function currentThreadAffinity(): number[] | null {
  const libc = loadLibc();
  if (libc !== null) {
    const mask = new Uint8Array(LINUX.CPU_MASK_SIZE_BYTES);
    checkSyscall(libc, 'sched_getaffinity', libc.sched_getaffinity(libc.gettid(), mask.byteLength, mask));
    const cpus: number[] = [];
    for (let cpu = 0; cpu < mask.byteLength * 8; cpu++) if ((mask[cpu >> 3]! & (1 << (cpu & 7))) !== 0) cpus.push(cpu);
    return cpus;
  }
  try {
    const status = readFileSync('/proc/thread-self/status', 'utf8');
    const line = status.split('\n').find((candidate) => candidate.startsWith('Cpus_allowed_list:'));
    return line === undefined ? null : parseCpuList(line.slice('Cpus_allowed_list:'.length));
  } catch {
    return null;
  }
}

/**
 * Names the calling thread (visible in top -H, /proc/<pid>/task/<tid>/comm) so shard threads are
 * not all "node". Linux keeps 15 bytes; longer names are cut. Returns false where unsupported.
 */
export function setCurrentThreadName(name: string): boolean {
  const truncated = Buffer.from(name, 'utf8').subarray(0, 15).toString('utf8').replace(/\uFFFD+$/, '');
  const libc = loadLibc();
  if (libc !== null) {
    checkSyscall(libc, 'prctl', libc.prctlString(LINUX.PR_SET_NAME, truncated), `PR_SET_NAME ${truncated}`);
    return true;
  }
  try {
    writeFileSync('/proc/thread-self/comm', truncated);
    return true;
  } catch {
    return false;
  }
}
