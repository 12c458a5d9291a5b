/**
 * One WebSocket client connection (Iggy 0.7 websocket/connection_handler.rs): the payloads of
 * binary messages are one continuous request byte stream, reframed by the binary connection core
 * exactly as TCP bytes are; each response goes out as one binary message. Text and pong
 * messages are ignored; pings are answered by `ws`.
 *
 * Runs on: the shard that accepted the connection (WebSocket connections never move).
 */
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { MemoryPool } from '../../memory/memory-pool.js';
import type { ClientRegistry } from '../../session/client-registry.js';
import { TRANSPORT_WEBSOCKET, type Session } from '../../session/session.js';
import { BinaryConnection, type ByteSink } from '../binary/binary-connection.js';
import type { BinaryDispatcher } from '../binary/binary-dispatcher.js';
import { PendingWrites } from '../binary/pending-writes.js';

/** A WebSocket as the binary core's ByteSink; outbound bytes are those whose send has not completed. */
class WebSocketSink implements ByteSink {
  #pendingBytes = 0;
  #drainWaiters: (() => void)[] = [];
  /** Sends still due; run when the WebSocket closes, if ws has not called them back by then. */
  readonly #pending = new PendingWrites();

  constructor(private readonly socket: WebSocket) {
    socket.once('close', () => {
      this.#pending.runAll();
      this.#wakeDrainWaiters();
    });
  }

  write(parts: Buffer[], onWritten?: () => void): void {
    let length = 0;
    for (const part of parts) length += part.length;
    this.#pendingBytes += length;
    // Runs once: when ws calls back (written, or failed on a closed socket) or at 'close'.
    const sent = this.#pending.track(() => {
      this.#pendingBytes -= length;
      if (this.#pendingBytes === 0) this.#wakeDrainWaiters();
      onWritten?.();
    });
    // One message, one frame per response. A poll answer is one buffer (headers in front of the
    // records); the parts of other responses are joined (fragments would each cost a frame header).
    // ws writes an unmasked server frame's data as it is (no copy) and calls back when written,
    // or with an error once the socket is closed.
    this.socket.send(parts.length === 1 ? parts[0]! : Buffer.concat(parts, length), { binary: true }, sent);
  }

  get outboundBytes(): number {
    return this.#pendingBytes;
  }

  whenDrained(): Promise<void> {
    if (this.#pendingBytes === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  pauseInput(): void {
    this.socket.pause();
  }

  resumeInput(): void {
    this.socket.resume();
  }

  end(last?: Buffer): void {
    if (last) this.socket.send(last, { binary: true });
    this.socket.close(1000);
  }

  destroy(): void {
    this.socket.terminate();
  }

  #wakeDrainWaiters(): void {
    const waiters = this.#drainWaiters;
    this.#drainWaiters = [];
    for (const wake of waiters) wake();
  }
}

export class WebSocketConnection {
  readonly core: BinaryConnection;

  constructor(
    socket: WebSocket,
    address: string,
    dispatcher: BinaryDispatcher,
    clients: ClientRegistry,
    logger: Logger,
    pool: MemoryPool,
    onClosed: (connection: WebSocketConnection) => void,
  ) {
    const session = clients.add(TRANSPORT_WEBSOCKET, address);
    const sink = new WebSocketSink(socket);
    this.core = new BinaryConnection({ session, sink, dispatcher, pool, logger });
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (!isBinary) return;
      if (Array.isArray(data)) for (const part of data) this.core.push(part);
      else this.core.push(Buffer.isBuffer(data) ? data : Buffer.from(data));
    });
    socket.on('error', (error) => logger.debug({ err: error, clientId: session.clientId }, 'websocket connection error'));
    socket.once('close', () => {
      this.core.closed();
      clients.remove(session.clientId);
      onClosed(this);
    });
  }

  get session(): Session {
    return this.core.session;
  }
}
