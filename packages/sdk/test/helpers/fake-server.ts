import net from 'node:net';
import tls from 'node:tls';
import { RequestFrameReader, encodeErrorResponse, encodeOkResponse, type RequestFrame } from '@iggy-node/protocol';

/** What a handler returns for one request: a payload (status 0), an error status, or nothing (stay silent). */
export type FakeReply = { payload?: Buffer } | { status: number } | { raw: Buffer } | 'silent' | 'close';

export type FakeHandler = (frame: RequestFrame, socket: net.Socket, connectionIndex: number) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  port: number;
  /** Every request received, in order, across connections. */
  received: Array<RequestFrame & { connectionIndex: number }>;
  /** Sockets accepted so far, in order. */
  sockets: net.Socket[];
  /** Resolves when `count` requests have been received in total. */
  waitForRequests(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * A tiny stand-in for an Iggy server: it parses request frames and answers each with what the
 * handler says, so transport behaviour can be tested without the real server.
 */
export async function startFakeServer(
  handler: FakeHandler = () => ({}),
  options: { tls?: { key: Buffer; cert: Buffer } } = {},
): Promise<FakeServer> {
  const received: FakeServer['received'] = [];
  const sockets: net.Socket[] = [];
  const waiters: Array<{ count: number; resolve(): void }> = [];
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (received.length >= waiter.count) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  const onConnection = (socket: net.Socket) => {
    const connectionIndex = sockets.length;
    sockets.push(socket);
    const reader = new RequestFrameReader(64 * 1024 * 1024);
    let chain = Promise.resolve();
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      let frames: RequestFrame[];
      try {
        frames = reader.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const frame of frames) {
        received.push({ ...frame, connectionIndex });
        notify();
        // Answer in order even when a handler is async, as the real server does.
        chain = chain.then(async () => {
          const reply = await handler(frame, socket, connectionIndex);
          if (socket.destroyed) return;
          if (reply === 'silent') return;
          if (reply === 'close') socket.destroy();
          else if ('raw' in reply) socket.write(reply.raw);
          else if ('status' in reply) socket.write(encodeErrorResponse(reply.status));
          else socket.write(encodeOkResponse(reply.payload ?? Buffer.alloc(0)));
        });
      }
    });
  };
  const server = options.tls ? tls.createServer(options.tls, onConnection) : net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    received,
    sockets,
    waitForRequests(count) {
      if (received.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
