/**
 * Decides at start-up whether and where QUIC is served: nowhere when `[quic] enabled` is false or
 * the native endpoint is not built (one warning naming what to install); on every shard when
 * SO_REUSEPORT UDP sockets can be made (one bound socket per shard, same port; port 0 is
 * resolved by the first bind); otherwise on shard 0 only, whose requests reach the other shards
 * over the bus like any request.
 *
 * Runs on: the coordinator, once at start-up. See docs/decisions/20261206-quic-stack.md.
 */
import type { Logger } from 'pino';
import { loadQuicNative, QUIC_NATIVE_INSTALL_HINT, quicNativeUnavailableReason } from '@iggy-node/quic-native';
import { parseHostPort } from '../config/host-port.js';
import type { ServerConfig } from '../config/server-config.js';
import { closeFd } from '../platform/file-descriptor.js';
import { platformSupport } from '../platform/platform-support.js';
import { socketLocalAddress } from '../platform/reuse-port-socket.js';
import { createReusePortUdpFd } from '../platform/udp-reuse-port-socket.js';
import { SyscallError } from '../platform/syscall-error.js';
import type { ListenerPlan } from './coordinator.js';

export function planQuicListeners(config: ServerConfig, shardCount: number, logger: Logger): ListenerPlan | null {
  if (!config.quic.enabled) return null;
  if (!loadQuicNative()) {
    logger.warn(`QUIC is enabled but not served: ${quicNativeUnavailableReason()}. To serve QUIC, ${QUIC_NATIVE_INSTALL_HINT}`);
    return null;
  }
  const { host, port } = parseHostPort(config.quic.address);
  const support = platformSupport();
  if (shardCount === 1 || !support.reusePort) {
    if (shardCount > 1) logger.warn(`quic: SO_REUSEPORT unavailable (${support.reason}): only shard 0 serves QUIC`);
    return { host, port, fds: Array.from({ length: shardCount }, () => null) };
  }
  // SO_REUSEPORT lets any process of the same user bind this port too, and the kernel would then
  // split QUIC connections between two servers. Refuse to start if something already holds it.
  if (port !== 0) assertUdpPortFree(host, port);
  const fds: number[] = [];
  try {
    const first = createReusePortUdpFd(host, port);
    fds.push(first);
    const boundPort = socketLocalAddress(first).port;
    for (let shardId = 1; shardId < shardCount; shardId++) fds.push(createReusePortUdpFd(host, boundPort));
    return { host, port: boundPort, fds };
  } catch (error) {
    for (const fd of fds) closeFd(fd);
    throw error;
  }
}

/** Binds (without SO_REUSEPORT) and closes a probe socket: fails if the UDP port is taken. */
function assertUdpPortFree(host: string, port: number): void {
  let probe: number;
  try {
    probe = createReusePortUdpFd(host, port, { reusePort: false });
  } catch (error) {
    if (error instanceof SyscallError && error.code === 'EADDRINUSE') throw new Error(`quic.address ${host}:${port} is already in use (another server?)`);
    throw error;
  }
  closeFd(probe);
}
