// Checks IggyClient's login, request encoding, reconnect/retry, heartbeat and raw-send behaviour against a fake server that answers frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CommandCode,
  ErrorCode,
  IggyError,
  encodeCreateStreamRequest,
  encodeCreateStreamResponse,
  encodeLoginUserRequest,
  type StreamRecord,
} from '@iggy-node/protocol';
import { IggyClient } from '../src/iggy-client.js';
import { startFakeServer, type FakeHandler, type FakeReply } from './helpers/fake-server.js';

const ROOT = { username: 'iggy', password: 'iggy' };

function userIdPayload(userId: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32LE(userId, 0);
  return payload;
}

/** Answers login with user id 7 and everything else with `other`. */
function withLogin(other: FakeHandler): FakeHandler {
  return (frame, socket, connectionIndex) =>
    frame.code === CommandCode.LoginUser ? { payload: userIdPayload(7) } : other(frame, socket, connectionIndex);
}

const SAMPLE_STREAM: StreamRecord = { id: 3, createdAt: 1_700_000_000_000_000n, topicsCount: 0, sizeBytes: 0n, messagesCount: 0n, name: 'orders' };

test('connect logs in with the credentials, encoded exactly as the protocol encoder does', async (t) => {
  const server = await startFakeServer(withLogin(() => ({})));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, credentials: ROOT, heartbeatIntervalMs: 0 });
  t.after(() => client.close());
  await client.connect();
  assert.equal(client.connected, true);
  assert.equal(server.received[0]!.code, CommandCode.LoginUser);
  assert.deepEqual(server.received[0]!.payload, encodeLoginUserRequest({ ...ROOT, version: '0.7.0', context: '' }));
});

test('without credentials connect sends nothing; explicit login returns the user id', async (t) => {
  const server = await startFakeServer(withLogin(() => ({})));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, heartbeatIntervalMs: 0 });
  t.after(() => client.close());
  await client.connect();
  assert.equal(server.received.length, 0);
  assert.equal(await client.login('iggy', 'iggy'), 7);
});

test('createStream sends the protocol encoder bytes and decodes the stream record', async (t) => {
  const server = await startFakeServer(withLogin(() => ({ payload: encodeCreateStreamResponse(SAMPLE_STREAM) })));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, credentials: ROOT, heartbeatIntervalMs: 0 });
  t.after(() => client.close());
  await client.connect();
  const stream = await client.createStream('orders');
  assert.deepEqual(stream, SAMPLE_STREAM);
  const request = server.received[1]!;
  assert.equal(request.code, CommandCode.CreateStream);
  assert.deepEqual(request.payload, encodeCreateStreamRequest({ name: 'orders' }));
});

test('error status surfaces as IggyError with the code; empty OK getter answers null', async (t) => {
  const server = await startFakeServer(
    withLogin((frame): FakeReply => (frame.code === CommandCode.CreateStream ? { status: ErrorCode.StreamNameAlreadyExists } : {})),
  );
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, credentials: ROOT, heartbeatIntervalMs: 0 });
  t.after(() => client.close());
  await client.connect();
  await assert.rejects(client.createStream('orders'), (error: unknown) => IggyError.is(error, ErrorCode.StreamNameAlreadyExists));
  assert.equal(await client.getStream(1), null);
});

test('reconnect: a dropped connection is replaced, the client logs in again and retries the request once', async (t) => {
  const server = await startFakeServer(
    withLogin((frame, _socket, connectionIndex): FakeReply => {
      if (frame.code === CommandCode.CreateStream && connectionIndex === 0) return 'close';
      return { payload: encodeCreateStreamResponse(SAMPLE_STREAM) };
    }),
  );
  t.after(() => server.close());
  const client = new IggyClient({
    port: server.port,
    credentials: ROOT,
    heartbeatIntervalMs: 0,
    reconnect: { enabled: true, retries: 3, intervalMs: 10 },
  });
  t.after(() => client.close());
  const disconnects: IggyError[] = [];
  client.on('disconnected', (reason: IggyError) => disconnects.push(reason));
  await client.connect();

  assert.deepEqual(await client.createStream('orders'), SAMPLE_STREAM);
  assert.deepEqual(
    server.received.map((frame) => [frame.connectionIndex, frame.code]),
    [
      [0, CommandCode.LoginUser],
      [0, CommandCode.CreateStream],
      [1, CommandCode.LoginUser],
      [1, CommandCode.CreateStream],
    ],
  );
  assert.equal(disconnects.length, 1);
  assert.equal(client.connected, true);
});

test('reconnect on status 40 (unauthenticated): new connection, re-login, one retry', async (t) => {
  const server = await startFakeServer(
    withLogin((frame, _socket, connectionIndex) =>
      frame.code === CommandCode.GetStreams && connectionIndex === 0 ? { status: ErrorCode.Unauthenticated } : { payload: Buffer.alloc(0) },
    ),
  );
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, credentials: ROOT, heartbeatIntervalMs: 0, reconnect: { enabled: true, retries: 1, intervalMs: 10 } });
  t.after(() => client.close());
  await client.connect();
  assert.deepEqual(await client.getStreams(), []);
  assert.deepEqual(server.received.map((frame) => frame.connectionIndex), [0, 0, 1, 1]);
});

test('the retry happens once: a second failure is returned to the caller', async (t) => {
  const server = await startFakeServer(withLogin(() => ({ status: ErrorCode.StaleClient })));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, credentials: ROOT, heartbeatIntervalMs: 0, reconnect: { enabled: true, retries: 1, intervalMs: 10 } });
  t.after(() => client.close());
  await client.connect();
  await assert.rejects(client.getStreams(), (error: unknown) => IggyError.is(error, ErrorCode.StaleClient));
  assert.equal(server.received.filter((frame) => frame.code === CommandCode.GetStreams).length, 2);
});

test('with reconnection disabled a lost connection fails requests with NotConnected', async (t) => {
  const server = await startFakeServer(withLogin((frame) => (frame.code === CommandCode.GetStreams ? 'close' : {})));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, credentials: ROOT, heartbeatIntervalMs: 0, reconnect: { enabled: false, retries: 0, intervalMs: 0 } });
  t.after(() => client.close());
  const disconnected = new Promise((resolve) => client.once('disconnected', resolve));
  await client.connect();
  await assert.rejects(client.getStreams(), (error: unknown) => IggyError.is(error, ErrorCode.ConnectionClosed));
  await disconnected;
  assert.equal(client.connected, false);
  await assert.rejects(client.ping(), (error: unknown) => IggyError.is(error, ErrorCode.NotConnected));
});

test('wrong credentials fail connect with the server code and are not retried', async (t) => {
  const server = await startFakeServer(() => ({ status: ErrorCode.InvalidCredentials }));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, credentials: ROOT, heartbeatIntervalMs: 0 });
  t.after(() => client.close());
  await assert.rejects(client.connect(), (error: unknown) => IggyError.is(error, ErrorCode.InvalidCredentials));
  assert.equal(server.received.length, 1);
});

test('heartbeat: Ping frames are sent in the background while connected', async (t) => {
  const server = await startFakeServer(withLogin(() => ({})));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, credentials: ROOT, heartbeatIntervalMs: 10 });
  t.after(() => client.close());
  await client.connect();
  await server.waitForRequests(4); // login + 3 pings
  assert.deepEqual(server.received.slice(1, 4).map((frame) => [frame.code, frame.payload.length]), [
    [CommandCode.Ping, 0],
    [CommandCode.Ping, 0],
    [CommandCode.Ping, 0],
  ]);
});

test('sendRaw resolves error statuses without throwing or reconnecting; sendRawBytes writes bytes as given', async (t) => {
  const server = await startFakeServer(withLogin((frame) => (frame.code === 9999 ? { status: ErrorCode.InvalidCommand } : { payload: frame.payload })));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, credentials: ROOT, heartbeatIntervalMs: 0 });
  t.after(() => client.close());
  await client.connect();
  assert.deepEqual(await client.sendRaw(9999, Buffer.from([1, 2])), { status: ErrorCode.InvalidCommand, payload: Buffer.alloc(0) });
  const unauthenticated = await startFakeServer(() => ({ status: ErrorCode.Unauthenticated }));
  t.after(() => unauthenticated.close());
  const raw = new IggyClient({ port: unauthenticated.port, heartbeatIntervalMs: 0 });
  t.after(() => raw.close());
  await raw.connect();
  assert.equal((await raw.sendRaw(CommandCode.GetStreams)).status, ErrorCode.Unauthenticated);
  assert.equal(unauthenticated.sockets.length, 1);

  // A hand-made Ping frame with a 2-byte payload, echoed back by the fake.
  await client.sendRawBytes(Buffer.from([6, 0, 0, 0, 1, 0, 0, 0, 0xab, 0xcd]));
  await server.waitForRequests(3);
  assert.deepEqual(server.received[2]!.payload, Buffer.from([0xab, 0xcd]));
});

test('close rejects pending requests with ClientShutdown and clears connected', async (t) => {
  const server = await startFakeServer(withLogin(() => 'silent'));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, credentials: ROOT, heartbeatIntervalMs: 0 });
  await client.connect();
  const pending = client.getStreams();
  await server.waitForRequests(2);
  await client.close();
  await assert.rejects(pending, (error: unknown) => IggyError.is(error, ErrorCode.ClientShutdown));
  assert.equal(client.connected, false);
  await assert.rejects(client.ping(), (error: unknown) => IggyError.is(error, ErrorCode.ClientShutdown));
});
