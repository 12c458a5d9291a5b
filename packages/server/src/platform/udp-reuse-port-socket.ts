/**
 * Bound UDP sockets with SO_REUSEPORT, one per shard, for QUIC: Node 20's dgram ignores
 * `reusePort` (reference/node-platform.md §2.3), so the coordinator makes them through FFI and
 * each shard's native QUIC endpoint takes one over. The kernel then spreads QUIC connections over
 * the shards by 4-tuple hash, and every datagram of a connection reaches the same shard.
 */
import { checkSyscall, LINUX, requireLibc } from './libc.js';
import { encodeSocketAddress, SOCKADDR_IN6_SIZE } from './socket-address.js';

const SOCK_DGRAM = 2;

/** Creates and binds a non-blocking, close-on-exec UDP socket; the caller owns the fd. */
export function createReusePortUdpFd(host: string, port: number, options: { reusePort?: boolean } = {}): number {
  const libc = requireLibc('SO_REUSEPORT UDP sockets');
  const address = encodeSocketAddress(host, port);
  const ipv6 = address.byteLength === SOCKADDR_IN6_SIZE;
  const fd = checkSyscall(libc, 'socket', libc.socket(ipv6 ? LINUX.AF_INET6 : LINUX.AF_INET, SOCK_DGRAM | LINUX.SOCK_NONBLOCK | LINUX.SOCK_CLOEXEC, 0));
  try {
    const one = new Int32Array([1]);
    if (options.reusePort !== false) {
      checkSyscall(libc, 'setsockopt(SO_REUSEPORT)', libc.setsockopt(fd, LINUX.SOL_SOCKET, LINUX.SO_REUSEPORT, one, one.byteLength));
    }
    if (ipv6) checkSyscall(libc, 'setsockopt(IPV6_V6ONLY)', libc.setsockopt(fd, LINUX.IPPROTO_IPV6, LINUX.IPV6_V6ONLY, one, one.byteLength));
    checkSyscall(libc, 'bind', libc.bind(fd, address, address.byteLength), `udp ${host} port ${port}`);
    return fd;
  } catch (error) {
    libc.close(fd);
    throw error;
  }
}
