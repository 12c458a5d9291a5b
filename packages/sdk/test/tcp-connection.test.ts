// Checks TcpConnection's framing, ordering, error, timeout and close behaviour against a fake server that answers frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, IggyError, encodeOkResponse, encodeResponseHeader } from '@iggy-node/protocol';
import { TcpConnection } from '../src/transport/tcp-connection.js';
import { startFakeServer, type FakeReply } from './helpers/fake-server.js';

test('request/response: writes length+code+payload and resolves with the response payload', async (t) => {
  const server = await startFakeServer((frame) => ({ payload: Buffer.concat([Buffer.from('echo:'), frame.payload]) }));
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port });
  t.after(() => connection.close());

  const response = await connection.send(202, Buffer.from('abc'));
  assert.equal(response.toString(), 'echo:abc');
  assert.equal(server.received.length, 1);
  assert.equal(server.received[0]!.code, 202);
  assert.deepEqual(server.received[0]!.payload, Buffer.from('abc'));

  const empty = await connection.send(1, Buffer.alloc(0));
  assert.equal(empty.toString(), 'echo:');
  assert.equal(server.received[1]!.code, 1);
});

test('error status: send rejects with IggyError carrying the code; sendRaw resolves with it', async (t) => {
  const server = await startFakeServer(() => ({ status: ErrorCode.StreamNameAlreadyExists }));
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port });
  t.after(() => connection.close());

  await assert.rejects(connection.send(202, Buffer.from('x')), (error: unknown) => {
    assert.ok(IggyError.is(error, ErrorCode.StreamNameAlreadyExists));
    return true;
  });
  const raw = await connection.sendRaw(202, Buffer.from('x'));
  assert.equal(raw.status, ErrorCode.StreamNameAlreadyExists);
  assert.equal(raw.payload.length, 0);
  // The connection stays usable after an error status.
  assert.equal(connection.closed, false);
});

test('split responses: a response delivered one byte at a time is reassembled', async (t) => {
  const body = Buffer.from('a fairly long response payload, split into single bytes');
  const server = await startFakeServer(async (_frame, socket): Promise<FakeReply> => {
    const frame = encodeOkResponse(body);
    for (let index = 0; index < frame.length; index++) {
      socket.write(frame.subarray(index, index + 1));
      await new Promise((resolve) => setImmediate(resolve));
    }
    return 'silent';
  });
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port });
  t.after(() => connection.close());
  assert.deepEqual(await connection.send(10, Buffer.alloc(0)), body);
  assert.deepEqual(await connection.send(10, Buffer.alloc(0)), body);
});

test('a chunk holding the answer and an extra frame: the answer resolves, the extra one closes the connection', async (t) => {
  let held: Buffer | null = null;
  // The fake holds the first answer back and sends it glued to the answer of the next frame.
  const server = await startFakeServer((frame, socket) => {
    const response = encodeOkResponse(frame.payload);
    if (held === null) held = response;
    else socket.write(Buffer.concat([held, response]));
    return 'silent';
  });
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port });
  const closed = new Promise<IggyError>((resolve) => connection.once('close', resolve));
  const first = connection.sendRaw(1, Buffer.from('one'));
  await server.waitForRequests(1);
  // A second frame outside the queue (Ping with payload "two") makes the fake flush both answers.
  connection.writeRaw(Buffer.from([7, 0, 0, 0, 1, 0, 0, 0, 0x74, 0x77, 0x6f]));
  assert.equal((await first).payload.toString(), 'one');
  // The second answer arrives with nothing in flight: a protocol violation, so the connection closes.
  assert.equal((await closed).code, ErrorCode.InvalidCommand);
  assert.equal(connection.closed, true);
});

test('queue ordering: one request in flight at a time, answered in FIFO order', async (t) => {
  let inFlight = 0;
  let inFlightMax = 0;
  const server = await startFakeServer(async (frame) => {
    inFlight++;
    inFlightMax = Math.max(inFlightMax, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    inFlight--;
    return { payload: frame.payload };
  });
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port });
  t.after(() => connection.close());

  const results = await Promise.all(
    Array.from({ length: 20 }, (_, index) => connection.send(1, Buffer.from(String(index)))),
  );
  assert.deepEqual(results.map((payload) => payload.toString()), Array.from({ length: 20 }, (_, index) => String(index)));
  assert.deepEqual(server.received.map((frame) => frame.payload.toString()), results.map((payload) => payload.toString()));
  assert.equal(inFlightMax, 1);
});

test('bounded queue: requests beyond pendingRequestsMax are rejected, the rest complete', async (t) => {
  const server = await startFakeServer((frame) => ({ payload: frame.payload }));
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port, pendingRequestsMax: 3 });
  t.after(() => connection.close());
  const accepted = [connection.send(1, Buffer.from('a')), connection.send(1, Buffer.from('b')), connection.send(1, Buffer.from('c'))];
  await assert.rejects(connection.send(1, Buffer.from('d')), /too many pending requests/);
  assert.deepEqual((await Promise.all(accepted)).map(String), ['a', 'b', 'c']);
});

test('timeout: an unanswered request rejects and the connection is dropped, failing the queue too', async (t) => {
  const server = await startFakeServer(() => 'silent');
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port, requestTimeoutMs: 50 });
  const closed = new Promise<IggyError>((resolve) => connection.once('close', resolve));
  const first = connection.send(1, Buffer.alloc(0));
  const second = connection.send(1, Buffer.alloc(0));
  await assert.rejects(first, /timed out after 50 ms/);
  await assert.rejects(second, (error: unknown) => IggyError.is(error, ErrorCode.ConnectionClosed));
  assert.equal((await closed).code, ErrorCode.ConnectionClosed);
  assert.equal(connection.closed, true);
});

test('close by peer rejects every pending request and emits close', async (t) => {
  const server = await startFakeServer(() => 'close');
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port });
  const closed = new Promise<IggyError>((resolve) => connection.once('close', resolve));
  const pending = [connection.send(1, Buffer.alloc(0)), connection.send(1, Buffer.alloc(0))];
  for (const request of pending) {
    await assert.rejects(request, (error: unknown) => IggyError.is(error, ErrorCode.ConnectionClosed));
  }
  await closed;
  await assert.rejects(connection.send(1, Buffer.alloc(0)), (error: unknown) => IggyError.is(error, ErrorCode.NotConnected));
});

test('unsolicited status 8 (server shutdown notice) closes the connection with code 8', async (t) => {
  const server = await startFakeServer(() => ({}));
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port });
  await connection.send(1, Buffer.alloc(0));
  const closed = new Promise<IggyError>((resolve) => connection.once('close', resolve));
  server.sockets[0]!.write(encodeResponseHeader(ErrorCode.Disconnected, 0));
  assert.equal((await closed).code, ErrorCode.Disconnected);
});

test('response larger than responseFrameSizeMax closes the connection instead of buffering it', async (t) => {
  const server = await startFakeServer(() => ({ raw: encodeResponseHeader(0, 1_000_000) }));
  t.after(() => server.close());
  const connection = await TcpConnection.connect({ host: '127.0.0.1', port: server.port, responseFrameSizeMax: 1024 });
  await assert.rejects(connection.send(1, Buffer.alloc(0)), (error: unknown) => IggyError.is(error, ErrorCode.InvalidCommand));
  assert.equal(connection.closed, true);
});

test('connect to a closed port rejects with CannotEstablishConnection', async () => {
  const server = await startFakeServer();
  const port = server.port;
  await server.close();
  await assert.rejects(TcpConnection.connect({ host: '127.0.0.1', port }), (error: unknown) =>
    IggyError.is(error, ErrorCode.CannotEstablishConnection),
  );
});
