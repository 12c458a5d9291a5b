import { createRequire } from 'node:module';
import { SyscallError } from './syscall-error.js';

type Koffi = typeof import('koffi');

/**
 * The libc functions the platform modules call, bound once per thread through koffi (koffi works
 * inside worker threads; each thread binds its own copy). Every function returns libc's raw
 * result; use `checkSyscall` to turn -1 into a SyscallError.
 */
export interface Libc {
  gettid(): number;
  sched_setaffinity(pid: number, maskSizeBytes: number, mask: Uint8Array): number;
  sched_getaffinity(pid: number, maskSizeBytes: number, mask: Uint8Array): number;
  socket(domain: number, type: number, protocol: number): number;
  setsockopt(fd: number, level: number, name: number, value: Int32Array, valueSizeBytes: number): number;
  getsockopt(fd: number, level: number, name: number, value: Int32Array, valueSizeBytes: Uint32Array): number;
  bind(fd: number, address: Uint8Array, addressSizeBytes: number): number;
  listen(fd: number, backlog: number): number;
  getsockname(fd: number, address: Uint8Array, addressSizeBytes: Uint32Array): number;
  /** fcntl with one int argument (F_DUPFD_CLOEXEC, F_GETFD, ...). */
  fcntlInt(fd: number, command: number, argument: number): number;
  close(fd: number): number;
  /** flock(2): an advisory lock on the open file, released by the kernel when the process dies. */
  flock(fd: number, operation: number): number;
  /** prctl with one string argument (PR_SET_NAME). */
  prctlString(option: number, argument: string): number;
  /** errno left by the last call made through koffi on this thread. */
  errno(): number;
}

/** Linux constants (x86_64 and aarch64 share these values). */
export const LINUX = {
  AF_INET: 2,
  AF_INET6: 10,
  SOCK_STREAM: 1,
  SOCK_NONBLOCK: 0o4000,
  SOCK_CLOEXEC: 0o2000000,
  SOL_SOCKET: 1,
  SO_REUSEADDR: 2,
  SO_REUSEPORT: 15,
  SO_SNDBUF: 7,
  SO_RCVBUF: 8,
  SO_KEEPALIVE: 9,
  SO_LINGER: 13,
  IPPROTO_TCP: 6,
  TCP_NODELAY: 1,
  IPPROTO_IPV6: 41,
  IPV6_V6ONLY: 26,
  F_GETFD: 1,
  F_DUPFD_CLOEXEC: 1030,
  LOCK_EX: 2,
  LOCK_NB: 4,
  EWOULDBLOCK: 11,
  PR_SET_NAME: 15,
  /** 1024 CPUs, glibc's cpu_set_t size; larger masks are never needed on our targets. */
  CPU_MASK_SIZE_BYTES: 128,
} as const;

let loaded: Libc | null | undefined;
let unavailableReason: string | null = null;

function bind(koffi: Koffi): Libc {
  const lib = koffi.load('libc.so.6');
  const fcntl = lib.func('int fcntl(int fd, int cmd, ...)');
  const prctl = lib.func('int prctl(int option, ...)');
  return {
    gettid: lib.func('int gettid()'),
    sched_setaffinity: lib.func('int sched_setaffinity(int pid, size_t size, const uint8_t *mask)'),
    sched_getaffinity: lib.func('int sched_getaffinity(int pid, size_t size, _Out_ uint8_t *mask)'),
    socket: lib.func('int socket(int domain, int type, int protocol)'),
    setsockopt: lib.func('int setsockopt(int fd, int level, int name, const int32_t *value, uint32_t size)'),
    getsockopt: lib.func('int getsockopt(int fd, int level, int name, _Out_ int32_t *value, _Inout_ uint32_t *size)'),
    bind: lib.func('int bind(int fd, const uint8_t *address, uint32_t size)'),
    listen: lib.func('int listen(int fd, int backlog)'),
    getsockname: lib.func('int getsockname(int fd, _Out_ uint8_t *address, _Inout_ uint32_t *size)'),
    fcntlInt: (fd, command, argument) => fcntl(fd, command, 'int', argument) as number,
    close: lib.func('int close(int fd)'),
    flock: lib.func('int flock(int fd, int operation)'),
    prctlString: (option, argument) => prctl(option, 'const char *', argument, 'unsigned long', 0, 'unsigned long', 0, 'unsigned long', 0) as number,
    errno: () => koffi.errno(),
  };
}

/**
 * Binds libc on first use. Returns null (and remembers why, see `libcUnavailableReason`) when not
 * on Linux or when koffi or glibc cannot be loaded, so callers can degrade instead of crashing.
 */
export function loadLibc(): Libc | null {
  if (loaded !== undefined) return loaded;
  if (process.platform !== 'linux') {
    unavailableReason = `libc FFI is only used on Linux (platform is ${process.platform})`;
    loaded = null;
    return loaded;
  }
  try {
    // createRequire keeps koffi's native addon out of the module graph until first use.
    const koffi = createRequire(import.meta.url)('koffi') as Koffi;
    loaded = bind(koffi);
  } catch (error) {
    unavailableReason = `cannot bind libc.so.6 through koffi: ${(error as Error).message}`;
    loaded = null;
  }
  return loaded;
}

export function libcUnavailableReason(): string | null {
  loadLibc();
  return unavailableReason;
}

/** Like loadLibc, but throws an Error naming the feature when FFI is not available. */
export function requireLibc(feature: string): Libc {
  const libc = loadLibc();
  if (libc === null) throw new Error(`${feature} is not supported here: ${unavailableReason}`);
  return libc;
}

/** Throws a SyscallError with the current errno when a libc call returned a negative value. */
export function checkSyscall(libc: Libc, syscall: string, result: number, detail?: string): number {
  if (result < 0) throw new SyscallError(syscall, libc.errno(), detail);
  return result;
}
