/**
 * The binary connection core shared by every byte-stream transport (TCP, TLS, WebSocket, later
 * QUIC streams): reassembles request frames from whatever chunks the transport delivers, runs
 * them strictly one after another (Iggy answers a connection in order), and hands each response
 * to the transport as one unit. The transport adapter only moves bytes (ByteSink in, push() out).
 *
 * Owned here, once for all transports:
 * - bounds: at most CONNECTION_PENDING_FRAMES_MAX frames / _BYTES_MAX bytes queued before input
 *   is paused, and no request runs while more than CONNECTION_OUTBOUND_BYTES_MAX response bytes
 *   wait to be sent; before login a frame may be at most UNAUTHENTICATED_FRAME_SIZE_MAX bytes;
 * - pool slots: large payloads are read into memory-pool slots and lent to the operation; each
 *   slot goes back exactly once (by the operation that took it, or here);
 * - close-after-response (codes 100/30, logout of a deleted client), the shutdown notice, and
 *   "no frame runs after end()".
 *
 * Runs on: the shard that holds the connection.
 */
import type { Logger } from 'pino';
import {
  encodeErrorResponse,
  encodeRequestHeader,
  encodeResponseHeader,
  ErrorCode,
  RequestFrameReader,
  RESPONSE_HEADER_SIZE,
  writeResponseHeader,
  type RequestFrame,
} from '@iggy-node/protocol';
import {
  CONNECTION_OUTBOUND_BYTES_MAX,
  CONNECTION_PENDING_BYTES_MAX,
  CONNECTION_PENDING_FRAMES_MAX,
  POOLED_PAYLOAD_BYTES_MIN,
  REQUEST_FRAME_SIZE_MAX,
  UNAUTHENTICATED_FRAME_SIZE_MAX,
} from '../../limits.js';
import { countDataPathCopy } from '../../memory/data-path-copies.js';
import type { MemoryPool, PoolSlot } from '../../memory/memory-pool.js';
import { PayloadLease } from '../../memory/payload-lease.js';
import type { Session } from '../../session/session.js';
import { isFramedPayload, type EncodedPayload } from './binary-command.js';
import type { BinaryDispatcher, DispatchOutcome } from './binary-dispatcher.js';
import { connectionGuard, type GuardedConnection } from './connection-guard.js';
import { requestTimeline, timelineNowMs } from '../../diagnostics/request-timeline.js';

/** What a transport adapter provides: a way to write responses and to throttle and close input. */
export interface ByteSink {
  /**
   * Writes one response (all parts back to back) as one unit: TCP corks, WebSocket sends one
   * message. `onWritten`, if given, is called exactly once: when the bytes have been handed on
   * (kernel or peer), or when the connection failed or closed first; the parts stay untouched
   * until then (they may lie in a pool slot that onWritten gives back).
   */
  write(parts: Buffer[], onWritten?: () => void): void;
  /** Response bytes accepted but not yet taken by the kernel or the peer. */
  readonly outboundBytes: number;
  /** Resolves once the outbound bytes have drained, or the connection closed. */
  whenDrained(): Promise<void>;
  pauseInput(): void;
  resumeInput(): void;
  /** Sends what is written (and `last`), then closes gracefully. */
  end(last?: Buffer): void;
  /** Closes at once. */
  destroy(): void;
}

export interface BinaryConnectionOptions {
  session: Session;
  sink: ByteSink;
  dispatcher: BinaryDispatcher;
  pool: MemoryPool;
  logger: Logger;
  /**
   * Called after a response was written, with the shard owning the data the request touched (a
   * hint; see BinaryCommand.affinity). Return true when the adapter takes the connection away
   * now (TCP socket migration): nothing more is run here, and the adapter calls takeUnconsumed().
   */
  onAffinity?: (shardId: number) => boolean;
  /** The connection moved here from another shard: never refused by the connection cap. */
  movedIn?: boolean;
}

/**
 * Deadlines and server-wide bounds (login and frame-read deadlines, connection cap, queued
 * response bytes) are enforced by ConnectionGuard (connection-guard.ts) over every connection.
 */
export class BinaryConnection implements GuardedConnection {
  readonly session: Session;
  readonly #sink: ByteSink;
  readonly #dispatcher: BinaryDispatcher;
  readonly #pool: MemoryPool;
  readonly #logger: Logger;
  readonly #onAffinity: ((shardId: number) => boolean) | null;
  readonly #frames: RequestFrame[] = [];
  /** When each queued frame was complete (only with the diagnostic timeline on). */
  readonly #arrivedMs: number[] = [];
  readonly #reader: RequestFrameReader;
  /** Payloads assembled in pool slots, until their frame has been handled. */
  readonly #payloadSlots = new Map<Buffer, PoolSlot>();
  /** The payload of the frame being run: its slot is released when the run finishes. */
  #running: Buffer | null = null;
  #pendingBytes = 0;
  #processing = false;
  #paused = false;
  /** Nothing more is read or run: the connection closed, or was taken away (migration). */
  #closed = false;
  /** end() was called (shutdown notice, 100/30): frames arriving afterwards are not run. */
  #ending = false;
  readonly openedAtMs = Date.now();
  /** When the frame being received began; null when none is partly received. */
  #partialFrameSinceMs: number | null = null;

  constructor(options: BinaryConnectionOptions) {
    this.session = options.session;
    this.#sink = options.sink;
    this.#dispatcher = options.dispatcher;
    this.#pool = options.pool;
    this.#logger = options.logger;
    this.#onAffinity = options.onAffinity ?? null;
    this.#reader = new RequestFrameReader(
      this.#frameSizeMax(),
      (byteCount) => this.#payloadInPool(byteCount),
      (byteCount, intoPool) => countDataPathCopy(intoPool ? 'socket_to_slot' : 'socket_to_buffer', byteCount),
    );
    if (!connectionGuard.admit(this, options.movedIn ?? false)) {
      // Over connections.max_connections: closed before anything is read (the guard logs it).
      this.#closed = true;
      this.#sink.destroy();
    }
  }

  /** For the frame-read deadline: not counted while the server paused reading. */
  get partialFrameSinceMs(): number | null {
    return this.#paused ? null : this.#partialFrameSinceMs;
  }

  get outboundBytes(): number {
    return this.#sink.outboundBytes;
  }

  /** True while a request runs: shutdown waits for it to be answered. */
  get idle(): boolean {
    return !this.#processing;
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Input from the transport: any slice of the request byte stream. Returns the frames it completed. */
  push(chunk: Buffer): number {
    if (this.#closed || this.#ending) return 0;
    let frames: RequestFrame[];
    try {
      frames = this.#reader.push(chunk);
    } catch (error) {
      // Bad length field: the stream cannot be re-synchronised. Iggy closes without an answer.
      this.#logger.warn({ clientId: this.session.clientId, err: (error as Error).message }, 'closing connection: invalid frame');
      this.#sink.destroy();
      return 0;
    }
    this.#accept(frames);
    return frames.length;
  }

  /**
   * Where a transport that reads the socket itself may read the next bytes in place: the unfilled
   * rest of a payload being assembled in its pool slot (never past the frame), or null (read into
   * a fresh buffer and push() it). Valid until the next push, pushInPlace or close.
   */
  inPlaceTarget(): Buffer | null {
    if (this.#closed || this.#ending) return null;
    return this.#reader.inPlaceTarget();
  }

  /** `byteCount` bytes were read into the buffer inPlaceTarget() returned. Returns the frames it completed. */
  pushInPlace(byteCount: number): number {
    if (this.#closed || this.#ending) return 0;
    const frames = this.#reader.pushInPlace(byteCount);
    this.#accept(frames);
    return frames.length;
  }

  #accept(frames: RequestFrame[]): void {
    for (const frame of frames) {
      this.#frames.push(frame);
      this.#pendingBytes += frame.payload.length;
    }
    if (requestTimeline !== null) for (let i = 0; i < frames.length; i++) this.#arrivedMs.push(timelineNowMs());
    // The deadline runs from the first byte of a frame; a completed frame starts a new one.
    if (this.#reader.bufferedBytes === 0) this.#partialFrameSinceMs = null;
    else if (frames.length > 0 || this.#partialFrameSinceMs === null) this.#partialFrameSinceMs = Date.now();
    if (this.#frames.length > CONNECTION_PENDING_FRAMES_MAX || this.#pendingBytes + this.#reader.bufferedBytes > CONNECTION_PENDING_BYTES_MAX) {
      this.#pause();
    }
    if (!this.#processing) void this.#processQueue();
  }

  /** The transport's outbound buffer drained: input may resume. */
  drained(): void {
    this.#maybeResume();
  }

  /** The transport connection is gone: drop queued frames and return their slots. Idempotent. */
  closed(): void {
    connectionGuard.release(this);
    if (this.#closed) return;
    this.#closed = true;
    this.#frames.length = 0;
    this.#arrivedMs.length = 0;
    this.#pendingBytes = 0;
    // The partly assembled payload's slot goes back below: nothing may be read into it again.
    this.#reader.discard();
    this.#releaseHeldPayloads();
  }

  /**
   * Stops this connection and returns every request byte read but not yet run, in arrival order
   * (queued frames, copied out of their pool slots, then the partial frame): what moves with a
   * migrated socket. The slots go back now.
   */
  takeUnconsumed(): Buffer[] {
    connectionGuard.release(this);
    this.#closed = true;
    const unconsumed: Buffer[] = [];
    for (const frame of this.#frames) {
      // Copied: the slot goes back now, and a view of a read buffer would post that whole buffer.
      unconsumed.push(encodeRequestHeader(frame.code, frame.payload.length), Buffer.from(frame.payload));
      countDataPathCopy('migration_requeue', frame.payload.length);
      this.#releasePayload(frame.payload, null);
    }
    this.#frames.length = 0;
    this.#arrivedMs.length = 0;
    this.#pendingBytes = 0;
    // Before the slots go back: a partly assembled payload is copied out of its slot.
    const assembled = this.#reader.assembledBytes;
    if (assembled > 0) countDataPathCopy('migration_requeue', assembled);
    const partial = this.#reader.takeUnconsumed();
    this.#releaseHeldPayloads();
    unconsumed.push(...partial);
    return unconsumed;
  }

  /** Sends Iggy's unsolicited `disconnected` (8) frame and closes: server shutdown. */
  sendDisconnectedAndClose(): void {
    if (this.#closed) return;
    this.#ending = true;
    this.#pause();
    this.#sink.end(encodeErrorResponse(ErrorCode.Disconnected));
  }

  /** Closes at once (deleted user, silent client, end of a drain). */
  close(): void {
    this.#sink.destroy();
  }

  #frameSizeMax(): number {
    return this.session.isAuthenticated ? REQUEST_FRAME_SIZE_MAX : UNAUTHENTICATED_FRAME_SIZE_MAX;
  }

  /** A pool slot for a large payload (a send batch), or null for an ordinary Buffer. */
  #payloadInPool(byteCount: number): Buffer | null {
    if (byteCount < POOLED_PAYLOAD_BYTES_MIN) return null;
    const slot = this.#pool.acquire(byteCount);
    if (!slot) return null;
    const view = this.#pool.viewOf(slot);
    this.#payloadSlots.set(view, slot);
    return view;
  }

  /** Returns the slot of a handled (or dropped) frame unless the operation took it. */
  #releasePayload(payload: Buffer, lease: PayloadLease | null): void {
    const slot = this.#payloadSlots.get(payload);
    if (!slot) return;
    this.#payloadSlots.delete(payload);
    if (!lease?.taken) this.#pool.release(slot);
  }

  /** Every slot still held except the running frame's (its run releases it when it ends). */
  #releaseHeldPayloads(): void {
    for (const payload of [...this.#payloadSlots.keys()]) if (payload !== this.#running) this.#releasePayload(payload, null);
  }

  async #processQueue(): Promise<void> {
    this.#processing = true;
    try {
      // After end() nothing more is run: its answer could not be written, and a client that
      // retries an unanswered send would store it twice.
      while (this.#frames.length > 0 && !this.#closed && !this.#ending) {
        // Queued frames must not pile answers up in memory for a client that does not read.
        if (this.#sink.outboundBytes >= CONNECTION_OUTBOUND_BYTES_MAX) {
          this.#pause();
          await this.#sink.whenDrained();
          if (this.#closed) return;
        }
        const frame = this.#frames.shift()!;
        this.#pendingBytes -= frame.payload.length;
        const arrivedMs = requestTimeline !== null ? this.#arrivedMs.shift() ?? 0 : 0;
        const startedMs = requestTimeline !== null ? timelineNowMs() : 0;
        const slot = this.#payloadSlots.get(frame.payload);
        const lease = slot ? new PayloadLease(slot) : null;
        let outcome;
        this.#running = frame.payload;
        try {
          outcome = await this.#dispatcher.dispatch(this.session, frame.code, frame.payload, lease);
        } finally {
          this.#running = null;
          this.#releasePayload(frame.payload, lease);
        }
        if (this.#closed) {
          if (outcome.kind === 'ok' && isFramedPayload(outcome.payload)) outcome.payload.release();
          return;
        }
        if (outcome.kind === 'close') {
          this.#sink.destroy();
          return;
        }
        const onWritten = requestTimeline !== null ? this.#timelineRecorder(frame, arrivedMs, startedMs, outcome) : undefined;
        if (outcome.kind === 'error') this.#sink.write([encodeErrorResponse(outcome.code)], onWritten);
        else this.#writeOk(outcome.payload, onWritten);
        this.#reader.setFrameSizeMax(this.#frameSizeMax());
        if (this.session.closeAfterResponse) {
          this.#ending = true;
          this.#pause();
          this.#sink.end();
          return;
        }
        // Between two requests: the response above is written, and whatever the client sent
        // meanwhile can travel with the connection, in order.
        if (outcome.kind === 'ok' && outcome.affinity !== null && this.#onAffinity?.(outcome.affinity)) return;
        this.#maybeResume();
      }
    } catch (error) {
      this.#logger.error({ err: error, clientId: this.session.clientId }, 'connection handler failed');
      this.#sink.destroy();
    } finally {
      this.#processing = false;
    }
  }

  /** The diagnostic timeline's record of one request, taken when its answer is written. */
  #timelineRecorder(frame: RequestFrame, arrivedMs: number, startedMs: number, outcome: DispatchOutcome): () => void {
    const doneMs = timelineNowMs();
    const bytesOut = outcome.kind !== 'ok' || outcome.payload === null
      ? 0
      : isFramedPayload(outcome.payload)
        ? outcome.payload.frame.length
        : Buffer.isBuffer(outcome.payload) ? outcome.payload.length : outcome.payload.reduce((sum, part) => sum + part.length, 0);
    const timing = { code: frame.code, connection: this.session.clientId, bytesIn: frame.payload.length, arrived: arrivedMs, started: startedMs, done: doneMs, bytesOut };
    return () => requestTimeline?.request(timing);
  }

  #writeOk(payload: EncodedPayload, onWritten?: () => void): void {
    if (payload === null) {
      this.#sink.write([encodeResponseHeader(0, 0)], onWritten);
      return;
    }
    if (isFramedPayload(payload)) {
      // One buffer, header included: no concatenation, and its slot goes back once written.
      const frame = payload.frame;
      writeResponseHeader(frame, 0, 0, frame.length - RESPONSE_HEADER_SIZE);
      this.#sink.write([frame], () => {
        payload.release();
        onWritten?.();
      });
      return;
    }
    const parts = Buffer.isBuffer(payload) ? [payload] : payload;
    let length = 0;
    for (const part of parts) length += part.length;
    this.#sink.write([encodeResponseHeader(0, length), ...parts.filter((part) => part.length > 0)], onWritten);
  }

  #pause(): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#sink.pauseInput();
  }

  #maybeResume(): void {
    if (!this.#paused || this.#closed || this.#ending) return;
    const queueSmall = this.#frames.length <= CONNECTION_PENDING_FRAMES_MAX / 2 && this.#pendingBytes < CONNECTION_PENDING_BYTES_MAX / 2;
    if (queueSmall && this.#sink.outboundBytes < CONNECTION_OUTBOUND_BYTES_MAX) {
      this.#paused = false;
      // A frame cut off by our own pause gets a full deadline from now.
      if (this.#partialFrameSinceMs !== null) this.#partialFrameSinceMs = Date.now();
      this.#sink.resumeInput();
    }
  }
}
