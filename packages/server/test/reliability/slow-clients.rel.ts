// Reliability: slow and silent clients at scale, and connection storms. 120 slowloris
// connections (a header byte, then one byte a second), silent connections, and 8 clients that
// pipeline polls and never read, against the default deadlines scaled down; then 5,000
// concurrent connections and 20,000 connect/close churns. Promised, and checked: every offender
// is closed by the server (login / frame-read deadline, queued-bytes bound), a reading client is
// served throughout, the server holds 5,000 connections and answers each, and its memory stays
// bounded. Figures: counts, how many were closed, server memory before/after.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import {
  CommandCode,
  encodeLoginUserRequest,
  encodeLoginWithPersonalAccessTokenRequest,
  encodePollMessagesRequest,
  encodeRequestFrame,
} from '@iggy-node/protocol';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { startTestServer } from '../helpers/test-server.js';
import { RawConnection } from '../integration/protocol/raw-connection.js';
import { recordFigures, rssMiB, scaled, sleep } from './reliability-support.js';

const loginFrame = (): Buffer => encodeRequestFrame(CommandCode.LoginUser, encodeLoginUserRequest({ username: 'iggy', password: 'iggy' }));

function openSocket(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => {});
      resolve(socket);
    });
  });
}

function closedBy(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

test('reliability: slowloris, silent and non-reading clients are closed; readers are served', { timeout: 600_000 }, async () => {
  const slowlorisCount = scaled({ short: 30, full: 120 });
  const nonReadersCount = 8;
  const server = await startTestServer({
    shardCount: 2,
    env: { IGGY_CONNECTIONS_LOGIN_TIMEOUT: '3 s', IGGY_CONNECTIONS_FRAME_READ_TIMEOUT: '5 s', IGGY_CONNECTIONS_MAX_QUEUED_RESPONSE_SIZE: '64 MiB' },
  });
  try {
    const admin = await server.client();
    await admin.createStream('slow');
    await admin.createTopic({ streamId: 'slow', name: 'readers', partitionsCount: 1 });
    for (let i = 0; i < 8; i++) {
      await admin.sendMessages({ streamId: 'slow', topicId: 'readers', partitioning: Partitioning.partitionId(0), messages: Array.from({ length: 500 }, () => ({ payload: Buffer.alloc(1000, i) })) });
    }
    const rssBefore = rssMiB(server.pid);
    const frame = loginFrame();
    // Slowloris before login (login deadline) and after login (frame deadline), half each.
    const slowloris = await Promise.all(Array.from({ length: slowlorisCount }, () => openSocket(server.host, server.port)));
    const afterLogin = slowloris.slice(0, slowlorisCount / 2);
    for (const socket of afterLogin) socket.write(frame);
    await sleep(500);
    let stop = false;
    const dribble = (async () => {
      for (let i = 0; !stop; i++) {
        for (const socket of slowloris) if (!socket.destroyed) socket.write(frame.subarray(i % frame.length, (i % frame.length) + 1));
        await sleep(1000);
      }
    })();
    const silent = await Promise.all(Array.from({ length: 20 }, () => openSocket(server.host, server.port)));
    const poll = encodeRequestFrame(
      CommandCode.PollMessages,
      encodePollMessagesRequest({ consumer: Consumer.single(1), streamId: 'slow', topicId: 'readers', partitionId: 0, strategy: PollingStrategy.offset(0n), count: 4000, autoCommit: false }),
    );
    const nonReaders: Socket[] = [];
    for (let i = 0; i < nonReadersCount; i++) {
      const socket = await openSocket(server.host, server.port);
      socket.pause();
      socket.write(Buffer.concat([frame, ...Array.from({ length: 100 }, () => poll)]));
      nonReaders.push(socket);
    }
    const reader = await server.client();
    let readerPolls = 0;
    let readerPollMaxMs = 0;
    const closedAll = Promise.all([...slowloris, ...silent].map(closedBy));
    const deadline = Date.now() + 120_000;
    let offendersClosed = false;
    void closedAll.then(() => (offendersClosed = true));
    const slowReaderClosed = (): boolean => /closing connection: slowest reader/.test(server.stdout());
    while (!(offendersClosed && slowReaderClosed()) && Date.now() < deadline) {
      const pollStartedAt = Date.now();
      const polled = await reader.pollMessages({ consumer: Consumer.single(2), streamId: 'slow', topicId: 'readers', partitionId: 0, strategy: PollingStrategy.offset(0n), count: 100, autoCommit: false });
      assert.equal(polled.count, 100);
      readerPollMaxMs = Math.max(readerPollMaxMs, Date.now() - pollStartedAt);
      readerPolls++;
      await sleep(50);
    }
    stop = true;
    await dribble;
    const closedSlowloris = slowloris.filter((s) => s.destroyed || s.readyState === 'closed').length;
    const closedSilent = silent.filter((s) => s.destroyed || s.readyState === 'closed').length;
    const stdout = server.stdout();
    const slowReaderCloses = (stdout.match(/closing connection: slowest reader/g) ?? []).length;
    const rssAfter = rssMiB(server.pid);
    for (const socket of nonReaders) socket.destroy();
    recordFigures('slowloris, silent and non-reading clients', {
      slowloris: slowlorisCount,
      slowlorisClosed: closedSlowloris,
      silent: silent.length,
      silentClosed: closedSilent,
      nonReaders: nonReadersCount,
      nonReadersClosedForQueuedBytes: slowReaderCloses,
      readerPollsServed: readerPolls,
      readerPollMaxMs,
      rssBeforeMiB: rssBefore,
      rssWithOffendersMiB: rssAfter,
      loginTimeout: '3 s',
      frameReadTimeout: '5 s',
      maxQueuedResponseSize: '64 MiB',
    });
    assert.ok(offendersClosed, 'every slowloris and silent connection was closed by the server');
    assert.ok(slowReaderCloses >= 1, 'non-reading clients were closed for their queued bytes');
    assert.ok(readerPolls > 0);
  } finally {
    await server.stop();
  }
});

test('reliability: connection storm and churn', { timeout: 900_000 }, async () => {
  const concurrent = scaled({ short: 500, full: 5000 });
  const churn = scaled({ short: 2000, full: 20_000 });
  const server = await startTestServer({ shardCount: 2 });
  try {
    const rssBefore = rssMiB(server.pid);
    const admin = await server.client();
    // Each storm connection logs in (a personal access token: cheap to verify, unlike a
    // password), so the login deadline does not close the ones waiting their turn.
    const token = await admin.createPersonalAccessToken('storm');
    const login = encodeLoginWithPersonalAccessTokenRequest({ token });
    const ping = encodeRequestFrame(CommandCode.Ping, Buffer.alloc(0));
    const connections: RawConnection[] = [];
    const startedAt = Date.now();
    // Opened in waves of 250 so the client side does not exhaust its own backlog.
    for (let opened = 0; opened < concurrent; opened += 250) {
      const wave = await Promise.all(
        Array.from({ length: Math.min(250, concurrent - opened) }, async () => {
          const connection = await RawConnection.open(server.host, server.port);
          assert.equal((await connection.request(CommandCode.LoginWithPersonalAccessToken, login)).status, 0);
          return connection;
        }),
      );
      connections.push(...wave);
    }
    const openedInMs = Date.now() - startedAt;
    let answered = 0;
    for (let i = 0; i < connections.length; i += 250) {
      const results = await Promise.all(connections.slice(i, i + 250).map((c) => c.request(CommandCode.Ping, Buffer.alloc(0)).then((r) => r.status === 0)));
      answered += results.filter(Boolean).length;
    }
    const rssHeld = rssMiB(server.pid);
    const check = await server.client();
    await check.ping();
    for (const connection of connections) connection.destroy();
    // Churn: connect, ping, close, many times, 50 at a time.
    let churned = 0;
    for (let i = 0; i < churn; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, churn - i) }, async () => {
          const connection = await RawConnection.open(server.host, server.port);
          await connection.write(ping);
          const response = await connection.request(CommandCode.Ping, Buffer.alloc(0));
          if (response.status === 0) churned++;
          connection.destroy();
        }),
      );
    }
    await check.ping();
    recordFigures('connection storm and churn', {
      concurrentConnections: concurrent,
      openedInMs,
      pingsAnswered: answered,
      churnCycles: churn,
      churnAnswered: churned,
      rssBeforeMiB: rssBefore,
      rssHoldingMiB: rssHeld,
      rssAfterMiB: rssMiB(server.pid),
    });
    assert.equal(answered, concurrent, 'every connection of the storm was served');
    assert.equal(churned, churn);
  } finally {
    await server.stop();
  }
});
