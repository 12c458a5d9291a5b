import { checkSyscall, LINUX, requireLibc, type Libc } from './libc.js';
import {
  decodeSocketAddress,
  encodeSocketAddress,
  SOCKADDR_IN6_SIZE,
  SOCKADDR_STORAGE_SIZE,
  type SocketAddress,
} from './socket-address.js';

/**
 * A listening TCP socket with SO_REUSEPORT, made through FFI because Node 20's net has no
 * `reusePort` (added in Node 22.12; on 20 the option is ignored and the second bind fails with
 * EADDRINUSE, reference/node-platform.md §2.3, §3.4). Each shard calls this for itself and hands
 * the fd to `net.createServer().listen({ fd })`; the kernel then spreads new connections over
 * the shards' sockets. Sharing one fd between shards is not the same thing and is not wanted.
 */

export interface ReusePortListenerOptions {
  /** For an IPv6 address: accept only IPv6 (true, default, like Iggy) or also IPv4-mapped. */
  ipv6Only?: boolean;
  /** Set SO_REUSEPORT (default true); false makes a probe that fails if anyone listens. */
  reusePort?: boolean;
}

function setIntOption(libc: Libc, fd: number, level: number, name: number, value: number, label: string): void {
  const option = new Int32Array([value]);
  checkSyscall(libc, `setsockopt(${label})`, libc.setsockopt(fd, level, name, option, option.byteLength));
}

/**
 * Creates, binds and listens on a non-blocking, close-on-exec TCP socket with SO_REUSEADDR and
 * SO_REUSEPORT. `host` must be an IP literal ('0.0.0.0', '127.0.0.1', '::', '[::1]'). Port 0 binds
 * an ephemeral port: read it with `socketLocalAddress(fd)` and pass it to the other shards so they
 * bind the same concrete port. The caller owns the fd: give it to `server.listen({ fd })` (the
 * server then closes it) or `closeFd` it. Throws SyscallError (e.g. code EADDRINUSE) on failure.
 */
export function createReusePortListenerFd(
  host: string,
  port: number,
  backlog = 511,
  options: ReusePortListenerOptions = {},
): number {
  return createListenerFd(host, port, backlog, { ...options, reusePort: true });
}

/** As createReusePortListenerFd, with SO_REUSEPORT only when `options.reusePort` is true. */
export function createListenerFd(host: string, port: number, backlog = 511, options: ReusePortListenerOptions = {}): number {
  const libc = requireLibc('SO_REUSEPORT listeners');
  const address = encodeSocketAddress(host, port);
  const ipv6 = address.byteLength === SOCKADDR_IN6_SIZE;
  const domain = ipv6 ? LINUX.AF_INET6 : LINUX.AF_INET;
  const fd = checkSyscall(libc, 'socket', libc.socket(domain, LINUX.SOCK_STREAM | LINUX.SOCK_NONBLOCK | LINUX.SOCK_CLOEXEC, 0));
  try {
    setIntOption(libc, fd, LINUX.SOL_SOCKET, LINUX.SO_REUSEADDR, 1, 'SO_REUSEADDR');
    if (options.reusePort !== false) setIntOption(libc, fd, LINUX.SOL_SOCKET, LINUX.SO_REUSEPORT, 1, 'SO_REUSEPORT');
    if (ipv6) setIntOption(libc, fd, LINUX.IPPROTO_IPV6, LINUX.IPV6_V6ONLY, options.ipv6Only === false ? 0 : 1, 'IPV6_V6ONLY');
    checkSyscall(libc, 'bind', libc.bind(fd, address, address.byteLength), `${host} port ${port}`);
    checkSyscall(libc, 'listen', libc.listen(fd, backlog));
    return fd;
  } catch (error) {
    libc.close(fd);
    throw error;
  }
}

/** The address a socket fd is bound to (getsockname): learns the real port after binding port 0. */
export function socketLocalAddress(fd: number): SocketAddress {
  const libc = requireLibc('getsockname');
  const address = new Uint8Array(SOCKADDR_STORAGE_SIZE);
  const size = new Uint32Array([address.byteLength]);
  checkSyscall(libc, 'getsockname', libc.getsockname(fd, address, size), `fd ${fd}`);
  return decodeSocketAddress(address.subarray(0, size[0]));
}
