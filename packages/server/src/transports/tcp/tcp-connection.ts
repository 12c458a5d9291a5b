/**
 * One TCP (or TLS) client connection on a shard: reassembles request frames, runs them strictly
 * one after another (Iggy answers a connection in order), writes each response as one corked
 * write. Bounded: at most CONNECTION_PENDING_FRAMES_MAX frames / _BYTES_MAX bytes queued before
 * the socket stops being read, and no reads while the kernel holds more than
 * CONNECTION_OUTBOUND_BYTES_MAX unsent response bytes.
 *
 * Runs on: the shard that accepted (or adopted) the socket.
 */
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import {
  encodeErrorResponse,
  encodeRequestHeader,
  encodeResponseHeader,
  ErrorCode,
  RequestFrameReader,
  type RequestFrame,
} from '@iggy-node/protocol';
import { PayloadSlot, type CommandDispatcher } from '../../handlers/command-dispatcher.js';
import type { MemoryPool, PoolSlot } from '../../memory/memory-pool.js';
import {
  CONNECTION_OUTBOUND_BYTES_MAX,
  CONNECTION_PENDING_BYTES_MAX,
  CONNECTION_PENDING_FRAMES_MAX,
  POOLED_PAYLOAD_BYTES_MIN,
  REQUEST_FRAME_SIZE_MAX,
  UNAUTHENTICATED_FRAME_SIZE_MAX,
} from '../../limits.js';
import type { ClientRegistry, MigratedSessionState } from '../../session/client-registry.js';
import { detachSocket, type DetachedSocket } from '../../platform/socket-handoff.js';
import tls from 'node:tls';
import { TRANSPORT_TCP, type Session } from '../../session/session.js';

export interface ConnectionHooks {
  /** The connection is gone from this shard: closed, or moved away (`migrated`). */
  onClosed(connection: TcpConnection, migrated: boolean): void;
  /** A handler asked to move the connection to `targetShardId` (tcp.socket_migration). */
  onMigrate(connection: TcpConnection, targetShardId: number): void;
}

export class TcpConnection {
  readonly session: Session;
  readonly #frames: RequestFrame[] = [];
  #pendingBytes = 0;
  #processing = false;
  #closed = false;
  #paused = false;
  readonly #reader: RequestFrameReader;
  /** Payloads assembled in pool slots, until their frame has been handled. */
  readonly #payloadSlots = new Map<Buffer, PoolSlot>();
  /** The payload of the frame a handler is working on: its slot is released by #processQueue. */
  #dispatching: Buffer | null = null;
  /** Detaching for migration: a close() now destroys the socket (detach then cleans up). */
  #detaching = false;
  /** end() was called (shutdown notice, 100/30): frames arriving afterwards are not run. */
  #ending = false;

  constructor(
    private readonly socket: Socket,
    private readonly dispatcher: CommandDispatcher,
    private readonly clients: ClientRegistry,
    private readonly logger: Logger,
    private readonly hooks: ConnectionHooks,
    private readonly pool: MemoryPool,
    adopted: MigratedSessionState | null = null,
  ) {
    this.session = adopted ? clients.adopt(adopted) : clients.add(TRANSPORT_TCP, formatRemoteAddress(socket));
    this.#reader = new RequestFrameReader(
      this.session.isAuthenticated ? REQUEST_FRAME_SIZE_MAX : UNAUTHENTICATED_FRAME_SIZE_MAX,
      (byteCount) => this.#payloadInPool(byteCount),
    );
    // TLS state lives in this thread's isolate: such a connection can never move.
    if (socket instanceof tls.TLSSocket) this.session.migrated = true;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => this.logger.debug({ err: error, clientId: this.session.clientId }, 'connection error'));
    socket.on('close', () => this.#onClose());
    socket.on('drain', () => this.#maybeResume());
  }

  #onData(chunk: Buffer): void {
    let frames: RequestFrame[];
    try {
      frames = this.#reader.push(chunk);
    } catch (error) {
      // Bad length field: the stream cannot be re-synchronised. Iggy closes without an answer.
      this.logger.warn({ clientId: this.session.clientId, err: (error as Error).message }, 'closing connection: invalid frame');
      this.close();
      return;
    }
    for (const frame of frames) {
      this.#frames.push(frame);
      this.#pendingBytes += frame.payload.length;
    }
    if (this.#frames.length > CONNECTION_PENDING_FRAMES_MAX || this.#pendingBytes + this.#reader.bufferedBytes > CONNECTION_PENDING_BYTES_MAX) {
      this.#pause();
    }
    if (!this.#processing) void this.#processQueue();
  }

  /** A pool slot for a large payload (a send batch), or null for an ordinary Buffer. */
  #payloadInPool(byteCount: number): Buffer | null {
    if (byteCount < POOLED_PAYLOAD_BYTES_MIN) return null;
    const slot = this.pool.acquire(byteCount);
    if (!slot) return null;
    const view = this.pool.viewOf(slot);
    this.#payloadSlots.set(view, slot);
    return view;
  }

  /** Returns the slot of a handled (or dropped) frame unless a handler took it. */
  #releasePayload(payload: Buffer, claim: PayloadSlot | null): void {
    const slot = this.#payloadSlots.get(payload);
    if (!slot) return;
    this.#payloadSlots.delete(payload);
    if (!claim?.taken) this.pool.release(slot);
  }

  async #processQueue(): Promise<void> {
    this.#processing = true;
    try {
      // After end() nothing more is run: its answer could not be written, and a client that
      // retries an unanswered send would store it twice.
      while (this.#frames.length > 0 && !this.#closed && !this.#ending) {
        // Queued frames must not pile answers up in memory for a client that does not read:
        // wait until the kernel has taken what is pending before handling the next one.
        if (this.socket.writableLength >= CONNECTION_OUTBOUND_BYTES_MAX) {
          this.#pause();
          await new Promise<void>((resolve) => {
            const done = (): void => {
              this.socket.off('drain', done);
              this.socket.off('close', done);
              resolve();
            };
            this.socket.on('drain', done);
            this.socket.on('close', done);
          });
          if (this.#closed) return;
        }
        const frame = this.#frames.shift()!;
        this.#pendingBytes -= frame.payload.length;
        const slot = this.#payloadSlots.get(frame.payload);
        const claim = slot ? new PayloadSlot(slot) : null;
        let outcome;
        this.#dispatching = frame.payload;
        try {
          outcome = await this.dispatcher.dispatch(this.session, frame.code, frame.payload, claim);
        } finally {
          this.#dispatching = null;
          this.#releasePayload(frame.payload, claim);
        }
        if (this.#closed) return;
        if (outcome.kind === 'close') {
          this.close();
          return;
        }
        if (outcome.kind === 'error') this.socket.write(encodeErrorResponse(outcome.code));
        else this.#writeOk(outcome.payload);
        this.#reader.setFrameSizeMax(this.session.isAuthenticated ? REQUEST_FRAME_SIZE_MAX : UNAUTHENTICATED_FRAME_SIZE_MAX);
        if (this.session.closeAfterResponse) {
          this.#ending = true;
          this.#pause();
          this.socket.end();
          return;
        }
        const target = this.session.migrationTarget;
        if (target !== null) {
          this.session.migrationTarget = null;
          this.session.migrated = true;
          // Hand the connection over between two requests: the response above is written,
          // and whatever the client sent meanwhile travels with it, in order.
          this.hooks.onMigrate(this, target);
          return;
        }
        this.#maybeResume();
      }
    } catch (error) {
      this.logger.error({ err: error, clientId: this.session.clientId }, 'connection handler failed');
      this.close();
    } finally {
      this.#processing = false;
    }
  }

  #writeOk(payload: Buffer | Buffer[] | null): void {
    if (payload === null) {
      this.socket.write(encodeResponseHeader(0, 0));
      return;
    }
    if (Buffer.isBuffer(payload)) {
      this.socket.cork();
      this.socket.write(encodeResponseHeader(0, payload.length));
      if (payload.length > 0) this.socket.write(payload);
      this.socket.uncork();
      return;
    }
    let length = 0;
    for (const part of payload) length += part.length;
    this.socket.cork();
    this.socket.write(encodeResponseHeader(0, length));
    for (const part of payload) if (part.length > 0) this.socket.write(part);
    this.socket.uncork();
  }

  /**
   * Takes this connection off the shard for migration: everything read but not yet handled
   * (queued frames, a partial frame) plus what the socket still buffers, in arrival order, and a
   * dup of the fd. After this the object is dead; the session lives on in the target shard.
   */
  async detach(): Promise<DetachedSocket & { session: MigratedSessionState }> {
    this.#closed = true;
    this.#detaching = true;
    const unconsumed: Buffer[] = [];
    for (const frame of this.#frames) {
      // Copied out of any pool slot, which goes back now: the target shard gets plain bytes.
      unconsumed.push(encodeRequestHeader(frame.code, frame.payload.length), Buffer.from(frame.payload));
      this.#releasePayload(frame.payload, null);
    }
    this.#frames.length = 0;
    this.#releaseHeldPayloads();
    unconsumed.push(...this.#reader.takeUnconsumed());
    // Synchronously after taking the unconsumed bytes: detachSocket stops reads before it awaits.
    let detached;
    try {
      detached = await detachSocket(this.socket);
    } catch (error) {
      // The peer went away meanwhile (or a write failed): an ordinary close, fully cleaned up.
      this.socket.destroy();
      this.clients.remove(this.session.clientId);
      this.hooks.onClosed(this, false);
      throw error;
    }
    this.clients.remove(this.session.clientId);
    this.hooks.onClosed(this, true);
    const session = this.session;
    return {
      fd: detached.fd,
      leftover: [...unconsumed, ...detached.leftover],
      session: {
        clientId: session.clientId,
        userId: session.userId,
        transport: session.transport,
        address: session.address,
        lastHeartbeatMs: session.lastHeartbeatMs,
      },
    };
  }

  #pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.socket.pause();
  }

  #maybeResume(): void {
    if (!this.#paused || this.#closed || this.#ending) return;
    const queueSmall = this.#frames.length <= CONNECTION_PENDING_FRAMES_MAX / 2 && this.#pendingBytes < CONNECTION_PENDING_BYTES_MAX / 2;
    if (queueSmall && this.socket.writableLength < CONNECTION_OUTBOUND_BYTES_MAX) {
      this.#paused = false;
      this.socket.resume();
    }
  }

  /** Sends Iggy's unsolicited `disconnected` (8) frame and closes: server shutdown. */
  sendDisconnectedAndClose(): void {
    if (this.#closed) return;
    this.#ending = true;
    this.#pause();
    this.socket.end(encodeErrorResponse(ErrorCode.Disconnected));
  }

  close(): void {
    // While detaching (waiting for the client to take pending responses) a close must still
    // work: destroying the socket fails the flush, and detach's error path cleans up.
    if (this.#detaching) {
      this.socket.destroy();
      return;
    }
    if (this.#closed) return;
    this.socket.destroy();
  }

  /**
   * Returns every payload slot this connection still holds except the in-flight frame's: queued
   * frames, and frames a read completed just before a bad header made the reader throw.
   */
  #releaseHeldPayloads(): void {
    for (const payload of [...this.#payloadSlots.keys()]) if (payload !== this.#dispatching) this.#releasePayload(payload, null);
  }

  #onClose(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#frames.length = 0;
    this.#releaseHeldPayloads();
    this.clients.remove(this.session.clientId);
    this.hooks.onClosed(this, false);
  }

  get idle(): boolean {
    return !this.#processing;
  }
}

function formatRemoteAddress(socket: Socket): string {
  const host = socket.remoteAddress ?? 'unknown';
  const port = socket.remotePort ?? 0;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
