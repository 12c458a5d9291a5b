// Goal: the WebSocket transport (wire-protocol.md §19) carries exactly the TCP frames: binary
// message payloads are one byte stream (a request may span messages, several may share one),
// each response is one binary message, text messages are ignored; wss:// with a self-signed
// certificate; a message above websocket.max_message_size closes the connection; deleting a
// user closes their WebSocket connections; shutdown sends status 8.
// Method: real servers with [websocket] on 127.0.0.1:0, raw `ws` sockets and the SDK over ws/wss.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { CommandCode, ErrorCode, encodeLoginUserRequest, encodeRequestFrame, ResponseFrameReader, type ResponseFrame } from '@iggy-node/protocol';
import { Consumer, IggyClient, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

const REACTION_TIMEOUT_MS = 10_000;

/** A raw WebSocket client that collects responses, one per binary message. */
class RawWebSocket {
  readonly messages: Buffer[] = [];
  readonly #reader = new ResponseFrameReader(64 * 1024 * 1024);
  readonly frames: ResponseFrame[] = [];
  #waiters: (() => void)[] = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      assert.ok(isBinary, 'the server answers in binary messages');
      this.messages.push(data);
      this.frames.push(...this.#reader.push(data));
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  static async open(address: string, options: { rejectUnauthorized?: boolean; tls?: boolean } = {}): Promise<RawWebSocket> {
    const socket = new WebSocket(`${options.tls ? 'wss' : 'ws'}://${address}/any/path`, { rejectUnauthorized: options.rejectUnauthorized ?? true });
    await once(socket, 'open');
    return new RawWebSocket(socket);
  }

  async frameCount(count: number): Promise<ResponseFrame[]> {
    const deadline = Date.now() + REACTION_TIMEOUT_MS;
    while (this.frames.length < count) {
      if (Date.now() > deadline) throw new Error(`expected ${count} responses, got ${this.frames.length}`);
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
    return this.frames;
  }

  async closed(): Promise<number> {
    if (this.socket.readyState === WebSocket.CLOSED) return 0;
    const [code] = (await once(this.socket, 'close')) as [number];
    return code;
  }
}

function loginFrame(): Buffer {
  return encodeRequestFrame(CommandCode.LoginUser, encodeLoginUserRequest({ username: 'iggy', password: 'iggy', version: null, context: null }));
}

describe('websocket transport', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ transport: 'ws', env: { IGGY_WEBSOCKET_MAX_MESSAGE_SIZE: '64 KiB' } });
  });
  after(() => server.stop());

  it('reframes the binary byte stream: a request split over messages, two requests in one message, text ignored', async () => {
    const raw = await RawWebSocket.open(server.websocketAddress!);
    try {
      const login = loginFrame();
      raw.socket.send(login.subarray(0, 5), { binary: true });
      raw.socket.send('not a frame', { binary: false });
      raw.socket.send(login.subarray(5), { binary: true });
      raw.socket.send(Buffer.concat([encodeRequestFrame(CommandCode.Ping), encodeRequestFrame(CommandCode.GetStreams)]), { binary: true });
      const frames = await raw.frameCount(3);
      assert.deepEqual(frames.map((f) => f.status), [0, 0, 0]);
      assert.equal(frames[0]!.payload.readUInt32LE(0), 0, 'root is user 0');
      assert.equal(raw.messages.length, 3, 'one binary message per response');
    } finally {
      raw.socket.terminate();
    }
  });

  it('sends and polls through the SDK over ws://', async () => {
    const client = await server.binaryClient();
    const stream = await client.createStream('ws-stream');
    const topic = await client.createTopic({ streamId: stream.id, name: 'events', partitionsCount: 1 });
    await client.sendMessages({
      streamId: stream.id,
      topicId: topic.id,
      partitioning: Partitioning.partitionId(0),
      messages: ['a', 'b', 'c'].map((text) => ({ payload: Buffer.from(text) })),
    });
    const polled = await client.pollMessages({
      consumer: Consumer.single(1),
      streamId: stream.id,
      topicId: topic.id,
      partitionId: 0,
      strategy: PollingStrategy.offset(0),
      count: 10,
      autoCommit: false,
    });
    assert.deepEqual(polled.messages.map((m) => m.payload.toString()), ['a', 'b', 'c']);
    const me = await client.getMe();
    assert.equal(me.transport, 4, 'client records name the websocket transport');
  });

  it('closes a connection whose message exceeds websocket.max_message_size, and keeps serving', async () => {
    const raw = await RawWebSocket.open(server.websocketAddress!);
    raw.socket.on('error', () => undefined);
    raw.socket.send(Buffer.alloc(65 * 1024), { binary: true });
    assert.equal(await raw.closed(), 1009);
    const client = await server.binaryClient();
    await client.ping();
  });

  it('deleting a user closes their websocket connections', async () => {
    const admin = await server.binaryClient();
    await admin.createUser({ username: 'ws-user', password: 'secret-pass' });
    const user = await server.binaryClient({ credentials: { username: 'ws-user', password: 'secret-pass' }, reconnect: { enabled: false, retries: 0, intervalMs: 0 } });
    const disconnected = once(user, 'disconnected');
    await admin.deleteUser('ws-user');
    await disconnected;
  });
});

describe('websocket transport over TLS (wss://)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ transport: 'ws', env: { IGGY_WEBSOCKET_TLS_ENABLED: 'true', IGGY_WEBSOCKET_TLS_SELF_SIGNED: 'true', IGGY_WEBSOCKET_TLS_CERT_FILE: '/nonexistent/cert.pem' } });
  });
  after(() => server.stop());

  it('serves the SDK over wss:// with the generated certificate', async () => {
    const [host, port] = [server.websocketAddress!.split(':')[0]!, Number(server.websocketAddress!.split(':')[1])];
    const client = new IggyClient({ transport: 'ws', host, port, tls: { rejectUnauthorized: false }, credentials: { username: 'iggy', password: 'iggy' }, heartbeatIntervalMs: 0 });
    try {
      await client.connect();
      await client.createStream('over-wss');
      assert.equal((await client.getStreams()).length, 1);
    } finally {
      await client.close();
    }
  });

  it('sends status 8 to a wss client when the server shuts down', async () => {
    const raw = await RawWebSocket.open(server.websocketAddress!, { tls: true, rejectUnauthorized: false });
    raw.socket.send(loginFrame(), { binary: true });
    await raw.frameCount(1);
    const stopped = server.stop();
    const frames = await raw.frameCount(2);
    assert.equal(frames[1]!.status, ErrorCode.Disconnected);
    await stopped;
  });
});
