/**
 * One QUIC client connection on a shard: one client record (transport 2), login shared by all its
 * streams. Each stream carries one request; requests are run one after another in arrival order
 * (as on TCP), and each answer is written on its own stream, which the endpoint then finishes.
 * Iggy's QUIC behaviour for bad input: an unknown code or a bad length gets an error answer on
 * that stream and the connection stays open.
 *
 * Bounded: the queue holds at most max_concurrent_bidi_streams entries, and their payload bytes
 * are capped by the endpoint's in-flight budget (transports/quic/limits.ts).
 *
 * Runs on: the shard whose endpoint accepted the connection.
 */
import type { Logger } from 'pino';
import { encodeErrorResponse, encodeResponseHeader, ErrorCode, RESPONSE_HEADER_SIZE, writeResponseHeader } from '@iggy-node/protocol';
import type { QuicServerEndpoint } from '@iggy-node/quic-native';
import { countDataPathCopy } from '../../memory/data-path-copies.js';
import { isFramedPayload, type EncodedPayload } from '../binary/binary-command.js';
import type { BinaryDispatcher } from '../binary/binary-dispatcher.js';
import type { ClientRegistry } from '../../session/client-registry.js';
import { TRANSPORT_QUIC, type Session } from '../../session/session.js';

interface QueuedRequest {
  requestId: number;
  code: number;
  /** null: rejected unread (bad length). */
  payload: Buffer | null;
}

export class QuicConnection {
  readonly session: Session;
  readonly #queue: QueuedRequest[] = [];
  #processing = false;
  #closed = false;
  /** The endpoint lets this connection send requests up to the full bound (it logged in). */
  #limitRaised = false;

  constructor(
    readonly connectionId: number,
    address: string,
    private readonly endpoint: QuicServerEndpoint,
    private readonly dispatcher: BinaryDispatcher,
    clients: ClientRegistry,
    private readonly logger: Logger,
  ) {
    this.session = clients.add(TRANSPORT_QUIC, address);
  }

  enqueue(requestId: number, code: number, payload: Buffer | null): void {
    if (this.#closed) return;
    this.#queue.push({ requestId, code, payload });
    if (!this.#processing) void this.#processQueue();
  }

  async #processQueue(): Promise<void> {
    this.#processing = true;
    try {
      while (this.#queue.length > 0 && !this.#closed) {
        const request = this.#queue.shift()!;
        if (request.payload === null) {
          this.endpoint.respond(request.requestId, encodeErrorResponse(ErrorCode.InvalidCommand));
          continue;
        }
        // No pool lease: the payload is already a private copy, read out of the native endpoint.
        const outcome = await this.dispatcher.dispatch(this.session, request.code, request.payload, null);
        if (this.#closed) {
          if (outcome.kind === 'ok' && isFramedPayload(outcome.payload)) outcome.payload.release();
          return;
        }
        switch (outcome.kind) {
          case 'ok':
            respondOk(this.endpoint, request.requestId, outcome.payload);
            break;
          case 'error':
            this.endpoint.respond(request.requestId, encodeErrorResponse(outcome.code));
            break;
          case 'close':
            // TCP closes on an unknown code; Iggy's QUIC listener answers it and keeps going.
            this.endpoint.respond(request.requestId, encodeErrorResponse(ErrorCode.InvalidCommand));
            break;
        }
        if (!this.#limitRaised && this.session.isAuthenticated) {
          this.#limitRaised = true;
          this.endpoint.raiseRequestLimit(this.connectionId);
        }
        if (this.session.closeAfterResponse) {
          // Client record gone or stale (Iggy ends the QUIC connection after answering).
          this.close();
          return;
        }
      }
    } catch (error) {
      this.logger.error({ err: error, clientId: this.session.clientId }, 'QUIC connection handler failed');
      this.close();
    } finally {
      this.#processing = false;
    }
  }

  get idle(): boolean {
    return !this.#processing;
  }

  /** Server-side close (deleted user, shutdown); the endpoint then reports the connection gone. */
  close(code = 0): void {
    if (this.#closed) return;
    this.endpoint.closeConnection(this.connectionId, code);
  }

  /** The connection is gone: nothing more is answered. */
  markClosed(): void {
    this.#closed = true;
    this.#queue.length = 0;
  }
}

/**
 * The endpoint copies a response into the native side during respond(), so a framed payload
 * (a poll's slot, headers written in front) goes back right after; that copy is counted.
 */
function respondOk(endpoint: QuicServerEndpoint, requestId: number, payload: EncodedPayload): void {
  if (isFramedPayload(payload)) {
    try {
      writeResponseHeader(payload.frame, 0, 0, payload.frame.length - RESPONSE_HEADER_SIZE);
      countDataPathCopy('poll_transport_copy', payload.frame.length);
      endpoint.respond(requestId, payload.frame);
    } finally {
      payload.release();
    }
    return;
  }
  endpoint.respond(requestId, encodeOk(payload));
}

function encodeOk(payload: Buffer | Buffer[] | null): Buffer {
  if (payload === null) return encodeResponseHeader(0, 0);
  const parts = Buffer.isBuffer(payload) ? [payload] : payload;
  let length = 0;
  for (const part of parts) length += part.length;
  return Buffer.concat([encodeResponseHeader(0, length), ...parts], 8 + length);
}
