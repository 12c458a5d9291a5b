// Checks socket hand-off between worker threads: a client streams a mod-251 byte pattern without pausing while the connection moves between two workers six times (half of the moves with bytes already buffered); every byte must arrive exactly once in order and the workers' replies must reach the client in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, createServer, Socket } from 'node:net';
import { Worker } from 'node:worker_threads';
import { adoptSocket, detachSocket } from '../../../src/platform/socket-handoff.js';
import { isFdOpen } from '../../../src/platform/file-descriptor.js';
import type { HandoffMessage, HandoffPlan } from './fixtures/handoff-worker.js';

const CHUNK = Buffer.from(Array.from({ length: 251 * 256 }, (_, index) => index % 251));

const plan: HandoffPlan = {
  totalBytes: CHUNK.length * 750,
  stepBytes: 4 * 1024 * 1024,
  hops: 6,
  leaveFillerBytes: 256 * 1024,
};

/** Writes the pattern until totalBytes are sent, waiting for 'drain' but never pausing otherwise. */
async function sendPattern(socket: Socket): Promise<void> {
  for (let sent = 0; sent < plan.totalBytes; sent += CHUNK.length) {
    if (!socket.write(CHUNK)) await once(socket, 'drain');
  }
}

test('a connection moves between two workers six times while the client keeps sending, losing nothing', async () => {
  const names = ['A', 'B'];
  const workers = names.map(
    (name, index) =>
      new Worker(new URL('./fixtures/handoff-worker.js', import.meta.url), { workerData: { name, listen: index === 0, plan } }),
  );
  const errors: string[] = [];
  const handoffs: Array<{ hop: number; leftoverBytes: number; from: string }> = [];
  let donePosition = -1;
  const finished = new Promise<void>((resolve, reject) => {
    workers.forEach((worker, index) => {
      worker.on('error', reject);
      worker.on('message', (message: HandoffMessage) => {
        if (message.kind === 'error') {
          errors.push(message.message);
          reject(new Error(message.message));
        }
        if (message.kind === 'handoff') {
          handoffs.push({ hop: message.hop, leftoverBytes: message.leftoverBytes, from: names[index]! });
          // Main only relays: the fd number is valid in every thread of the process.
          workers[1 - index]!.postMessage(message);
        }
        if (message.kind === 'done') {
          donePosition = message.position;
          resolve();
        }
      });
    });
  });
  try {
    // Rejected as soon as a worker reports a wrong byte, so a broken hand-off fails fast.
    finished.catch(() => {});
    const [listening] = (await once(workers[0]!, 'message')) as [HandoffMessage];
    assert.equal(listening.kind, 'listening');
    const client = connect({ host: '127.0.0.1', port: (listening as { port: number }).port });
    const replyChunks: Buffer[] = [];
    client.on('data', (chunk: Buffer) => replyChunks.push(chunk));
    const ended = once(client, 'end');
    await once(client, 'connect');
    await Promise.race([sendPattern(client), finished]);
    await finished;
    await ended;
    client.end();

    assert.deepEqual(errors, []);
    assert.equal(donePosition, plan.totalBytes);
    assert.deepEqual(
      handoffs.map(({ hop, from }) => `${from}${hop}`),
      ['A1', 'B2', 'A3', 'B4', 'A5', 'B6'],
    );
    // Even hops paused first while the client kept sending, so bytes had to travel as leftover.
    assert.ok(handoffs.some(({ leftoverBytes }) => leftoverBytes > 0), 'some hand-off carried leftover bytes');

    const filler = 'x'.repeat(plan.leaveFillerBytes);
    const expected: string[] = [];
    for (let hop = 0; hop <= plan.hops; hop++) {
      const owner = names[hop % 2]!;
      expected.push(`ADOPT ${owner} ${hop}`);
      if (hop < plan.hops) expected.push(`LEAVE ${owner} ${hop} ${filler}`);
    }
    expected.push(`DONE ${plan.totalBytes}`, '');
    assert.deepEqual(Buffer.concat(replyChunks).toString().split('\n'), expected);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
});

test('in one thread: leftover comes first, the old fd is closed and the dup is the new owner', async () => {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const client = connect({ host: '127.0.0.1', port: (server.address() as { port: number }).port });
  try {
    const [accepted] = (await once(server, 'connection')) as [Socket];
    const oldFd = (accepted as unknown as { _handle: { fd: number } })._handle.fd;
    accepted.pause();
    client.write('hello ');
    // Wait until the bytes sit in the paused socket's buffer, so they must come back as leftover.
    while (accepted.readableLength < 6) await new Promise((resolve) => setImmediate(resolve));
    accepted.write('from-old ');
    let closedOld = false;
    accepted.on('close', () => (closedOld = true));
    const { fd, leftover } = await detachSocket(accepted);
    assert.equal(Buffer.concat(leftover).toString(), 'hello ');
    assert.notEqual(fd, oldFd);
    assert.equal(closedOld, false, "detach removes the caller's listeners, so its close handler never runs");
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(isFdOpen(fd), true);
    const adopted = adoptSocket(fd, leftover);
    client.write('world');
    const received: Buffer[] = [];
    adopted.on('data', (chunk: Buffer) => {
      received.push(chunk);
      if (Buffer.concat(received).length === 11) adopted.end('from-new');
    });
    const reply: Buffer[] = [];
    client.on('data', (chunk: Buffer) => reply.push(chunk));
    await once(client, 'end');
    assert.equal(Buffer.concat(received).toString(), 'hello world');
    assert.equal(Buffer.concat(reply).toString(), 'from-old from-new');
  } finally {
    client.destroy();
    server.close();
  }
});

test('detaching a socket that is not connected fails clearly', async () => {
  await assert.rejects(detachSocket(new Socket()), /no handle|no file descriptor/);
});
