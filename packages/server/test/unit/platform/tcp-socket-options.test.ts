// Goal: [tcp.socket] with override_defaults reaches the kernel socket: SO_RCVBUF, SO_SNDBUF
// (Linux stores twice the value), SO_KEEPALIVE, TCP_NODELAY and SO_LINGER read back with
// getsockopt on the accepted socket; without override_defaults nothing is touched.
// Method: a loopback server in this process, options applied on 'connection'.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import pino from 'pino';
import { convertRawConfig } from '../../../src/config/convert-raw-config.js';
import { DEFAULT_RAW_CONFIG } from '../../../src/config/defaults.js';
import type { TcpSocketConfig } from '../../../src/config/server-config.js';
import { tcpListenHost } from '../../../src/config/tcp-listen-host.js';
import { LINUX, loadLibc } from '../../../src/platform/libc.js';
import { applyTcpSocketOptions, socketFd } from '../../../src/transports/tcp/tcp-socket-options.js';

const libc = loadLibc();

function getOption(fd: number, level: number, name: number, ints = 1): number[] {
  const value = new Int32Array(ints);
  const size = new Uint32Array([value.byteLength]);
  assert.equal(libc!.getsockopt(fd, level, name, value, size), 0);
  return [...value];
}

async function acceptedWith(options: TcpSocketConfig): Promise<{ fd: number; close: () => void }> {
  const server = net.createServer();
  server.on('connection', (socket) => applyTcpSocketOptions(socket, options, pino({ level: 'silent' })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  const socket = await accepted;
  return {
    fd: socketFd(socket)!,
    close: () => {
      client.destroy();
      socket.destroy();
      server.close();
    },
  };
}

test('override_defaults applies buffers, keepalive, nodelay and linger', { skip: libc === null ? 'libc not loadable here (not Linux)' : false }, async () => {
  const defaults = convertRawConfig(DEFAULT_RAW_CONFIG).config.tcp.socket;
  const { fd, close } = await acceptedWith({ override_defaults: true, recv_buffer_size: 96 * 1024, send_buffer_size: 80 * 1024, keepalive: true, nodelay: false, linger: 3000 });
  try {
    assert.equal(getOption(fd, LINUX.SOL_SOCKET, LINUX.SO_RCVBUF)[0], 2 * 96 * 1024);
    assert.equal(getOption(fd, LINUX.SOL_SOCKET, LINUX.SO_SNDBUF)[0], 2 * 80 * 1024);
    assert.equal(getOption(fd, LINUX.SOL_SOCKET, LINUX.SO_KEEPALIVE)[0], 1);
    assert.equal(getOption(fd, LINUX.IPPROTO_TCP, LINUX.TCP_NODELAY)[0], 0);
    assert.deepEqual(getOption(fd, LINUX.SOL_SOCKET, LINUX.SO_LINGER, 2), [1, 3]);
  } finally {
    close();
  }
  const untouched = await acceptedWith({ ...defaults, override_defaults: false, keepalive: true, linger: 5000 });
  try {
    assert.equal(getOption(untouched.fd, LINUX.SOL_SOCKET, LINUX.SO_KEEPALIVE)[0], 0);
    assert.deepEqual(getOption(untouched.fd, LINUX.SOL_SOCKET, LINUX.SO_LINGER, 2), [0, 0]);
  } finally {
    untouched.close();
  }
});

test('tcp.ipv6 turns the IPv4 wildcard into the IPv6 one and leaves other hosts alone', () => {
  assert.equal(tcpListenHost('0.0.0.0', true), '::');
  assert.equal(tcpListenHost('0.0.0.0', false), '0.0.0.0');
  assert.equal(tcpListenHost('::1', true), '::1');
  assert.equal(tcpListenHost('127.0.0.1', false), '127.0.0.1');
});
