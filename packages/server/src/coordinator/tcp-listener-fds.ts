/**
 * One listening socket per shard on the same address (SO_REUSEPORT), so the kernel spreads new
 * connections over the shards and no thread accepts for the others. The coordinator opens them
 * (port 0 is resolved by the first bind, the rest bind that concrete port) and hands shard i the
 * fd number fds[i]; each shard then owns its socket. Where SO_REUSEPORT is unavailable only the
 * first shard listens and the others are reached over the bus.
 *
 * Runs on: the coordinator, once at start-up. See docs/decisions/20261125-reuseport-listeners.md.
 */
import { closeFd } from '../platform/file-descriptor.js';
import { platformSupport } from '../platform/platform-support.js';
import { createListenerFd, createReusePortListenerFd, socketLocalAddress } from '../platform/reuse-port-socket.js';
import { SyscallError } from '../platform/syscall-error.js';

export interface TcpListenerPlan {
  /** fds[i] for shard i, or null where that shard does not listen. */
  fds: (number | null)[];
  /** Host and the concrete port every listener is bound to (when fds were opened). */
  host: string;
  port: number;
  reason: string | null;
}

/** Listen backlog per shard socket: bursts of connects wait in the kernel, not in our memory. */
const LISTEN_BACKLOG = 1024;

/** Binds (without SO_REUSEPORT) and closes a probe socket: EADDRINUSE if the port is taken. */
function assertPortFree(host: string, port: number, configKey: string): void {
  let probe: number;
  try {
    probe = createListenerFd(host, port, 1, { reusePort: false });
  } catch (error) {
    if (error instanceof SyscallError && error.code === 'EADDRINUSE') {
      throw new Error(`${configKey} ${host}:${port} is already in use (another server?)`);
    }
    throw error;
  }
  closeFd(probe);
}

export function openTcpListenerFds(host: string, port: number, shardCount: number, configKey = 'tcp.address'): TcpListenerPlan {
  const support = platformSupport();
  if (shardCount === 1 || !support.reusePort) {
    return {
      fds: Array.from({ length: shardCount }, () => null),
      host,
      port,
      reason: shardCount === 1 ? null : `SO_REUSEPORT unavailable (${support.reason}): only shard 0 accepts connections`,
    };
  }
  // SO_REUSEPORT lets any process of the same user bind this port too, and the kernel would then
  // split new connections between two servers. Refuse to start if something already listens.
  if (port !== 0) assertPortFree(host, port, configKey);
  const fds: number[] = [];
  try {
    const first = createReusePortListenerFd(host, port, LISTEN_BACKLOG);
    fds.push(first);
    const boundPort = socketLocalAddress(first).port;
    for (let shardId = 1; shardId < shardCount; shardId++) fds.push(createReusePortListenerFd(host, boundPort, LISTEN_BACKLOG));
    return { fds, host, port: boundPort, reason: null };
  } catch (error) {
    for (const fd of fds) closeFd(fd);
    throw error;
  }
}
