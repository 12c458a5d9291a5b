import { EventEmitter } from 'node:events';
import {
  ErrorCode,
  IggyError,
  ResponseFrameReader,
  encodeRequestHeader,
  type ResponseFrame,
} from '@iggy-node/protocol';
import {
  CONNECT_TIMEOUT_MS_DEFAULT,
  PENDING_REQUESTS_MAX,
  REQUEST_TIMEOUT_MS_DEFAULT,
  RESPONSE_FRAME_SIZE_MAX_DEFAULT,
} from '../limits.js';
import { connectTcp, connectWebSocket, type ByteTransport, type TlsOptions, type TransportKind } from './byte-transport.js';

export type { TlsOptions, TransportKind } from './byte-transport.js';

export interface TcpConnectionOptions {
  host: string;
  port: number;
  /** Default 'tcp'. 'ws': Iggy's WebSocket transport (wss:// with `tls`). */
  transport?: TransportKind;
  tls?: TlsOptions;
  /** Per request, from the moment it is queued; 0 disables. Default 30 s. */
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  /** Default 256 MiB. */
  responseFrameSizeMax?: number;
  /** Default PENDING_REQUESTS_MAX. */
  pendingRequestsMax?: number;
}

interface PendingRequest {
  code: number;
  payload: Buffer;
  /** false: resolve error statuses too (sendRaw). */
  rejectOnStatus: boolean;
  resolve(frame: ResponseFrame): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | null;
}

/**
 * One connection to an Iggy server over TCP, TLS or WebSocket (the byte pipe is a ByteTransport). The protocol answers requests in order and the
 * server processes a connection strictly sequentially, so exactly one request is on the wire at
 * a time and the rest wait in a bounded FIFO queue (as the Rust SDK's lock and the Node SDK's
 * queue do). Events: 'close' (error: IggyError) once, when the socket is gone for any reason;
 * 'unsolicited' (frame) for a frame that arrives while nothing is in flight (the server's
 * shutdown notice, status 8), after which the connection is closed.
 */
export class TcpConnection extends EventEmitter {
  readonly #socket: ByteTransport;
  readonly #reader: ResponseFrameReader;
  readonly #queue: PendingRequest[] = [];
  #inFlight: PendingRequest | null = null;
  #closed = false;
  readonly #requestTimeoutMs: number;
  readonly #pendingRequestsMax: number;

  private constructor(socket: ByteTransport, options: TcpConnectionOptions) {
    super();
    this.#socket = socket;
    this.#reader = new ResponseFrameReader(options.responseFrameSizeMax ?? RESPONSE_FRAME_SIZE_MAX_DEFAULT);
    this.#requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS_DEFAULT;
    this.#pendingRequestsMax = options.pendingRequestsMax ?? PENDING_REQUESTS_MAX;
    socket.onData((chunk) => this.#onData(chunk));
    socket.onClose((error) =>
      this.#destroy(error ? new IggyError(ErrorCode.TcpError, error.message) : new IggyError(ErrorCode.ConnectionClosed, 'connection closed by peer')),
    );
  }

  /** Opens the connection (TLS handshake, WebSocket upgrade); rejects with CannotEstablishConnection (9). */
  static async connect(options: TcpConnectionOptions): Promise<TcpConnection> {
    const target = {
      host: options.host,
      port: options.port,
      tls: options.tls,
      connectTimeoutMs: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS_DEFAULT,
      messageSizeMax: options.responseFrameSizeMax ?? RESPONSE_FRAME_SIZE_MAX_DEFAULT,
    };
    const transport = options.transport === 'ws' ? await connectWebSocket(target) : await connectTcp(target);
    return new TcpConnection(transport, options);
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Requests queued or in flight. */
  get pendingCount(): number {
    return this.#queue.length + (this.#inFlight ? 1 : 0);
  }

  /** Sends one request; resolves with the payload on status 0, rejects with IggyError(status) otherwise. */
  async send(code: number, payload: Buffer): Promise<Buffer> {
    const frame = await this.#enqueue(code, payload, true);
    return frame.payload;
  }

  /** Sends one request and resolves with whatever status came back (for bad-input tests). */
  sendRaw(code: number, payload: Buffer): Promise<ResponseFrame> {
    return this.#enqueue(code, payload, false);
  }

  /**
   * Writes arbitrary bytes straight onto the socket, bypassing the queue (garbage-input tests).
   * Any response the server makes to them arrives as 'unsolicited' or is matched to the next request.
   */
  writeRaw(bytes: Buffer): void {
    if (this.#closed) throw new IggyError(ErrorCode.NotConnected, 'connection is closed');
    this.#socket.write([bytes]);
  }

  /** Closes the socket; pending requests are rejected with `reason` (default ClientShutdown). */
  close(reason: IggyError = new IggyError(ErrorCode.ClientShutdown, 'connection closed by client')): void {
    this.#destroy(reason);
  }

  #enqueue(code: number, payload: Buffer, rejectOnStatus: boolean): Promise<ResponseFrame> {
    if (this.#closed) return Promise.reject(new IggyError(ErrorCode.NotConnected, 'connection is closed'));
    if (this.pendingCount >= this.#pendingRequestsMax) {
      return Promise.reject(
        new IggyError(ErrorCode.Error, `too many pending requests on one connection (limit ${this.#pendingRequestsMax})`),
      );
    }
    return new Promise<ResponseFrame>((resolve, reject) => {
      const request: PendingRequest = { code, payload, rejectOnStatus, resolve, reject, timer: null };
      if (this.#requestTimeoutMs > 0) {
        request.timer = setTimeout(() => this.#onTimeout(request), this.#requestTimeoutMs);
      }
      this.#queue.push(request);
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#inFlight !== null || this.#closed) return;
    const request = this.#queue.shift();
    if (request === undefined) return;
    this.#inFlight = request;
    // Header and payload leave together (one writev / one WebSocket message).
    this.#socket.write([encodeRequestHeader(request.code, request.payload.length), request.payload]);
  }

  #onData(chunk: Buffer): void {
    let frames: ResponseFrame[];
    try {
      frames = this.#reader.push(chunk);
    } catch (error) {
      this.#destroy(IggyError.is(error) ? error : new IggyError(ErrorCode.InvalidCommand, String(error)));
      return;
    }
    for (const frame of frames) {
      if (this.#closed) return;
      const request = this.#inFlight;
      if (request === null) {
        // The server speaks only when spoken to, except for the shutdown notice (status 8).
        this.emit('unsolicited', frame);
        this.#destroy(new IggyError(frame.status === 0 ? ErrorCode.InvalidCommand : frame.status, 'unsolicited response'));
        return;
      }
      this.#inFlight = null;
      if (request.timer) clearTimeout(request.timer);
      if (frame.status !== 0 && request.rejectOnStatus) request.reject(new IggyError(frame.status));
      else request.resolve(frame);
    }
    this.#pump();
  }

  #onTimeout(request: PendingRequest): void {
    request.timer = null;
    const error = new IggyError(ErrorCode.TcpError, `request (code ${request.code}) timed out after ${this.#requestTimeoutMs} ms`);
    if (request === this.#inFlight) {
      // Its answer may still come and would be taken for the next request's: drop the connection.
      this.#inFlight = null;
      request.reject(error);
      this.#destroy(new IggyError(ErrorCode.ConnectionClosed, `connection dropped: request (code ${request.code}) timed out`));
      return;
    }
    const index = this.#queue.indexOf(request);
    if (index >= 0) this.#queue.splice(index, 1);
    request.reject(error);
  }

  #destroy(reason: IggyError): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#socket.destroy();
    const failed = this.#inFlight ? [this.#inFlight, ...this.#queue] : [...this.#queue];
    this.#inFlight = null;
    this.#queue.length = 0;
    for (const request of failed) {
      if (request.timer) clearTimeout(request.timer);
      request.reject(reason);
    }
    this.emit('close', reason);
  }
}
