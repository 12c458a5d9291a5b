// slow and silent clients (issue 13, item 5 of the findings): connections that never log in,
// slowloris senders (a header, then a byte now and then, before and after login), clients past
// the server-wide connection cap and clients that never read their poll responses are closed by
// the server with a log line, while well-behaved clients keep working. Method: one real server
// with short deadlines and small bounds ([connections] config), raw sockets as the bad clients.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { test } from 'node:test';
import {
  CommandCode,
  encodeLoginUserRequest,
  encodePollMessagesRequest,
  encodeRequestFrame,
} from '@iggy-node/protocol';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { buildMessages } from '../../helpers/messages.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { RawConnection } from '../protocol/raw-connection.js';

const CONNECTIONS_MAX = 12;
const SLOWLORIS_COUNT = 6;
const loginFrame = () => encodeRequestFrame(CommandCode.LoginUser, encodeLoginUserRequest({ username: 'iggy', password: 'iggy' }));

/** Sends `frame` one byte at a time, `gapMs` apart, until the server closes the connection. */
async function dribble(connection: RawConnection, frame: Buffer, gapMs: number): Promise<number> {
  let sent = 0;
  while (!connection.isClosed && sent < frame.length) {
    await connection.write(frame.subarray(sent, sent + 1));
    sent++;
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  return sent;
}

async function waitForLog(server: TestServer, pattern: RegExp, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!pattern.test(server.stdout())) {
    assert.ok(Date.now() < deadline, `no log line for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('slow clients: deadlines, the connection cap and the queued-bytes bound close only the offenders', { timeout: 120_000 }, async (t) => {
  const server = await startTestServer({
    shardCount: 1,
    env: {
      IGGY_CONNECTIONS_LOGIN_TIMEOUT: '1 s',
      IGGY_CONNECTIONS_FRAME_READ_TIMEOUT: '2 s',
      IGGY_CONNECTIONS_MAX_CONNECTIONS: String(CONNECTIONS_MAX),
      IGGY_CONNECTIONS_MAX_QUEUED_RESPONSE_SIZE: '16 MiB',
    },
  });
  t.after(() => server.stop());
  const admin = await server.client();

  // 1. Silent connections and pre-login slowloris: closed by the login deadline.
  const silent = await RawConnection.open(server.host, server.port);
  const slowloris = await Promise.all(Array.from({ length: SLOWLORIS_COUNT }, () => RawConnection.open(server.host, server.port)));
  const dribbles = slowloris.map((connection) => dribble(connection, loginFrame(), 300));
  await silent.waitClosed('the login deadline to close a silent connection');
  for (const connection of slowloris) await connection.waitClosed('the login deadline to close a slowloris connection');
  const sentBytes = await Promise.all(dribbles);
  assert.ok(sentBytes.every((sent) => sent < loginFrame().length), 'no slowloris login completed');
  await waitForLog(server, /not logged in within 1000 ms/, 'the login deadline');

  // 2. After login: a frame started and never finished is closed by the frame deadline.
  const loggedIn = await RawConnection.open(server.host, server.port);
  assert.equal((await loggedIn.request(CommandCode.LoginUser, encodeLoginUserRequest({ username: 'iggy', password: 'iggy' }))).status, 0);
  const ping = encodeRequestFrame(CommandCode.Ping, Buffer.alloc(0));
  await loggedIn.write(ping.subarray(0, 3));
  await loggedIn.waitClosed('the frame-read deadline to close a half-sent frame');
  await waitForLog(server, /request frame not complete within 2000 ms/, 'the frame deadline');

  // 3. The connection cap over the whole server: the admin client plus logged-in raw ones fill it.
  const held: RawConnection[] = [];
  for (let i = 1; i < CONNECTIONS_MAX; i++) {
    const connection = await RawConnection.open(server.host, server.port);
    assert.equal((await connection.request(CommandCode.LoginUser, encodeLoginUserRequest({ username: 'iggy', password: 'iggy' }))).status, 0);
    held.push(connection);
  }
  const overCap = await RawConnection.open(server.host, server.port);
  await overCap.waitClosed('the connection over max_connections to be closed');
  await waitForLog(server, /holds connections\.max_connections/, 'the connection cap');
  held.pop()!.destroy();
  await new Promise((resolve) => setTimeout(resolve, 200));
  const afterRelease = await RawConnection.open(server.host, server.port);
  assert.equal((await afterRelease.request(CommandCode.LoginUser, encodeLoginUserRequest({ username: 'iggy', password: 'iggy' }))).status, 0, 'a freed slot is usable');
  afterRelease.destroy();
  for (const connection of held) connection.destroy();

  // 4. Clients that never read their poll responses: the slowest readers are closed once the
  // queued bytes pass the bound; a client that reads keeps polling.
  await admin.createStream('slow');
  await admin.createTopic({ streamId: 'slow', name: 'readers', partitionsCount: 1 });
  for (let i = 0; i < 4; i++) {
    await admin.sendMessages({ streamId: 'slow', topicId: 'readers', partitioning: Partitioning.partitionId(0), messages: buildMessages(500, 1000, { firstIndex: i * 500 }) });
  }
  const poll = encodeRequestFrame(
    CommandCode.PollMessages,
    encodePollMessagesRequest({ consumer: Consumer.single(1), streamId: 'slow', topicId: 'readers', partitionId: 0, strategy: PollingStrategy.offset(0), count: 2000, autoCommit: false }),
  );
  const nonReaders: Socket[] = [];
  for (let i = 0; i < 3; i++) {
    const socket = connect({ host: server.host, port: server.port });
    socket.on('error', () => {});
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.pause(); // never reads
    socket.write(Buffer.concat([loginFrame(), ...Array.from({ length: 40 }, () => poll)]));
    nonReaders.push(socket);
  }
  await waitForLog(server, /closing connection: slowest reader/, 'the queued-bytes bound');
  const reader = await server.client();
  const polled = await reader.pollMessages({ consumer: Consumer.single(2), streamId: 'slow', topicId: 'readers', partitionId: 0, strategy: PollingStrategy.offset(0), count: 10, autoCommit: false });
  assert.equal(polled.count, 10, 'a client that reads is served');
  for (const socket of nonReaders) socket.destroy();
  assert.equal((await admin.getStreams()).length, 1, 'the admin client was never closed');
});
