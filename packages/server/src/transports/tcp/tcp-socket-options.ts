/**
 * [tcp.socket] with override_defaults = true, applied to every accepted connection as Iggy 0.7
 * applies them to its sockets (tcp/tcp_socket.rs): TCP_NODELAY and SO_KEEPALIVE through Node's
 * socket API, SO_RCVBUF, SO_SNDBUF and SO_LINGER through setsockopt (koffi), which Node has no
 * API for. Linux doubles the buffer sizes it is given (socket(7)), as it does for Iggy.
 * SO_LINGER with linger = "0 s" is an abortive close (RST, unsent bytes dropped), exactly what
 * the option means; that is why override_defaults is off by default.
 *
 * Without override_defaults the OS defaults hold, except TCP_NODELAY, which this server always
 * turns on (small responses must not wait for Nagle's algorithm).
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { TcpSocketConfig } from '../../config/server-config.js';
import { checkSyscall, LINUX, loadLibc, libcUnavailableReason } from '../../platform/libc.js';

let warnedUnavailable = false;

export function applyTcpSocketOptions(socket: Socket, options: TcpSocketConfig, logger: Logger): void {
  if (!options.override_defaults) return;
  socket.setNoDelay(options.nodelay);
  socket.setKeepAlive(options.keepalive);
  const fd = socketFd(socket);
  const libc = loadLibc();
  if (fd === null || libc === null) {
    if (!warnedUnavailable) {
      warnedUnavailable = true;
      logger.warn({ reason: libc === null ? libcUnavailableReason() : 'no file descriptor' }, 'tcp.socket: buffer sizes and linger cannot be set on this platform');
    }
    return;
  }
  try {
    const set = (name: number, value: Int32Array, label: string) =>
      checkSyscall(libc, `setsockopt(${label})`, libc.setsockopt(fd, LINUX.SOL_SOCKET, name, value, value.byteLength));
    set(LINUX.SO_RCVBUF, new Int32Array([clampInt(options.recv_buffer_size)]), 'SO_RCVBUF');
    set(LINUX.SO_SNDBUF, new Int32Array([clampInt(options.send_buffer_size)]), 'SO_SNDBUF');
    // struct linger { int l_onoff; int l_linger; /* seconds */ }
    set(LINUX.SO_LINGER, new Int32Array([1, clampInt(Math.floor(options.linger / 1000))]), 'SO_LINGER');
  } catch (error) {
    logger.warn({ err: error }, 'tcp.socket: could not apply socket options to a connection');
  }
}

/** The OS descriptor of a plain TCP socket (libuv exposes it on Unix), or null. */
export function socketFd(socket: Socket): number | null {
  const fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd;
  return typeof fd === 'number' && fd >= 0 ? fd : null;
}

function clampInt(value: number): number {
  return Math.max(0, Math.min(0x7fff_ffff, Math.floor(value)));
}
