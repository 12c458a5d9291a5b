// Checks SO_REUSEPORT listeners made through FFI: two worker threads listen on the same concrete port (the first asked for port 0) and connections made in a loop are served by both; also the EADDRINUSE error path, IPv6 and getsockname.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import { Worker } from 'node:worker_threads';
import { createReusePortListenerFd, socketLocalAddress } from '../../../src/platform/reuse-port-socket.js';
import { closeFd, isFdOpen } from '../../../src/platform/file-descriptor.js';
import type { SyscallError } from '../../../src/platform/syscall-error.js';

function startWorker(port: number, name: string): Worker {
  return new Worker(new URL('./fixtures/reuse-port-worker.js', import.meta.url), {
    workerData: { host: '127.0.0.1', port, name },
  });
}

function fetchName(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString()));
    socket.on('error', reject);
  });
}

test('two workers listen on one port with SO_REUSEPORT and both serve connections', async () => {
  const first = startWorker(0, 'shard-0');
  const [firstReady] = (await once(first, 'message')) as [{ boundPort: number; serverPort: number }];
  assert.ok(firstReady.boundPort > 0);
  assert.equal(firstReady.serverPort, firstReady.boundPort, 'net.Server reports the port getsockname found');
  const second = startWorker(firstReady.boundPort, 'shard-1');
  const workers = [first, second];
  try {
    const [secondReady] = (await once(second, 'message')) as [{ boundPort: number }];
    assert.equal(secondReady.boundPort, firstReady.boundPort);
    const seen = new Map<string, number>();
    // The kernel picks a listener by hashing the 4-tuple; 64 connections from different source
    // ports all landing on one listener has probability 2^-63.
    for (let attempt = 0; attempt < 64; attempt++) {
      const name = await fetchName(firstReady.boundPort);
      seen.set(name, (seen.get(name) ?? 0) + 1);
    }
    assert.deepEqual([...seen.keys()].sort(), ['shard-0', 'shard-1']);
    const stopped = workers.map((worker) => once(worker, 'message'));
    for (const worker of workers) worker.postMessage('stop');
    const served = (await Promise.all(stopped)).map(([report]) => (report as { served: number }).served);
    assert.deepEqual(served, [seen.get('shard-0'), seen.get('shard-1')]);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
});

test('a port held without SO_REUSEPORT gives EADDRINUSE and leaks no fd', async () => {
  const plain = createServer();
  plain.listen(0, '127.0.0.1');
  await once(plain, 'listening');
  try {
    const port = (plain.address() as { port: number }).port;
    const probe = createReusePortListenerFd('127.0.0.1', 0);
    closeFd(probe);
    assert.throws(
      () => createReusePortListenerFd('127.0.0.1', port),
      (error: SyscallError) => error.code === 'EADDRINUSE' && error.syscall === 'bind',
    );
    // The failed socket reused the lowest free fd number, which must be closed again.
    assert.equal(isFdOpen(probe), false);
  } finally {
    plain.close();
  }
});

test('IPv6 listeners bind with IPV6_V6ONLY and report their address', async () => {
  const fd = createReusePortListenerFd('::1', 0);
  const address = socketLocalAddress(fd);
  assert.equal(address.family, 'IPv6');
  assert.equal(address.address, '::1');
  const server = createServer((socket) => socket.end('v6'));
  server.listen({ fd });
  await once(server, 'listening');
  try {
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '::1', port: address.port });
      socket.on('data', (chunk: Buffer) => resolve(chunk.toString()));
      socket.on('error', reject);
    });
    assert.equal(reply, 'v6');
  } finally {
    server.close();
  }
});

test('host names are refused before any socket is made', () => {
  assert.throws(() => createReusePortListenerFd('localhost', 0), /IPv4 or IPv6 literal/);
});
