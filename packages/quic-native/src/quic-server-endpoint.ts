/**
 * One shard's QUIC endpoint: the native side accepts connections and streams and reads each
 * request (`[length][code][payload]`) whole; this class hands them to the shard and writes the
 * answers back (the native side finishes each stream after the answer).
 */
import { EventPump, EVENT_CLOSED, EVENT_OPENED, EVENT_REJECTED, EVENT_REQUEST, HEADER_FIELDS } from './event-pump.js';
import { errorText, loadQuicNative, quicNativeUnavailableReason, type QuicNativeLibrary } from './native-library.js';
import { encodeTransportParams, PARAM_COUNT, type QuicTransportSettings } from './transport-settings.js';

export interface QuicServerHandlers {
  onConnection(connectionId: number, remoteAddress: string): void;
  onRequest(connectionId: number, requestId: number, code: number, payload: Buffer): void;
  /** The declared length was below 4 or above maxRequestBytes; nothing of the payload was read. */
  onRejected(connectionId: number, requestId: number, code: number, declaredLength: number): void;
  onConnectionClosed(connectionId: number): void;
}

export interface QuicServerOptions {
  /** "host:port" to bind, used when socketFd is null. */
  address: string;
  /** A bound UDP socket (SO_REUSEPORT) the endpoint takes over; it closes it in every case. */
  socketFd: number | null;
  certPem: Buffer;
  keyPem: Buffer;
  transport: QuicTransportSettings;
  /** Largest request payload read; larger ones are rejected unread. */
  maxRequestBytes: number;
  /** Largest request payload of a connection not raised with raiseRequestLimit (before login). */
  unauthenticatedRequestBytes: number;
  /** Request payload bytes held between reading and answering, per endpoint. */
  inflightBytes: number;
}

const ERROR_CAPACITY = 512;

export class QuicServerEndpoint {
  readonly #lib: QuicNativeLibrary;
  #handle: unknown;
  readonly #pump: EventPump;
  readonly #header = new BigUint64Array(HEADER_FIELDS);
  readonly port: number;

  private constructor(lib: QuicNativeLibrary, handle: unknown, private readonly handlers: QuicServerHandlers) {
    this.#lib = lib;
    this.#handle = handle;
    this.port = lib.iqs_local_port(handle);
    this.#pump = new EventPump(lib.iqs_notify_fd(handle), () => this.#drain());
  }

  /** Throws with the native reason (bad certificate, address in use, library missing). */
  static start(options: QuicServerOptions, handlers: QuicServerHandlers): QuicServerEndpoint {
    const lib = loadQuicNative();
    if (!lib) throw new Error(quicNativeUnavailableReason());
    const address = Buffer.from(options.address);
    const params = encodeTransportParams(options.transport, options.maxRequestBytes, options.inflightBytes);
    const error = Buffer.alloc(ERROR_CAPACITY);
    const handle = lib.iqs_start(
      address, address.length, options.socketFd ?? -1,
      options.certPem, options.certPem.length, options.keyPem, options.keyPem.length,
      params, PARAM_COUNT, error, ERROR_CAPACITY,
    );
    if (!handle) throw new Error(errorText(error));
    lib.iqs_set_unauthenticated_limit(handle, options.unauthenticatedRequestBytes);
    return new QuicServerEndpoint(lib, handle, handlers);
  }

  #drain(): void {
    const header = this.#header;
    while (this.#handle) {
      const kind = this.#lib.iqs_poll(this.#handle, header);
      if (kind <= 0) return;
      const connectionId = Number(header[1]);
      const requestId = Number(header[2]);
      const code = Number(header[3]);
      const length = Number(header[4]);
      switch (kind) {
        case EVENT_OPENED:
          this.handlers.onConnection(connectionId, this.#takeBytes(length).toString('utf8'));
          break;
        case EVENT_REQUEST:
          this.handlers.onRequest(connectionId, requestId, code, this.#takeBytes(length));
          break;
        case EVENT_REJECTED:
          this.handlers.onRejected(connectionId, requestId, code, length);
          break;
        case EVENT_CLOSED:
          this.handlers.onConnectionClosed(connectionId);
          break;
      }
    }
  }

  #takeBytes(length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    if (length > 0) this.#lib.iqs_take(this.#handle, bytes, length);
    return bytes;
  }

  /** Writes a whole response on the request's stream and finishes it; false if the stream is gone. */
  respond(requestId: number, response: Buffer): boolean {
    if (!this.#handle) return false;
    return this.#lib.iqs_respond(this.#handle, requestId, response, response.length) === 0;
  }

  /** The connection logged in: its requests may now be up to maxRequestBytes. */
  raiseRequestLimit(connectionId: number): void {
    if (this.#handle) this.#lib.iqs_raise_request_limit(this.#handle, connectionId);
  }

  closeConnection(connectionId: number, code = 0): void {
    if (this.#handle) this.#lib.iqs_close_connection(this.#handle, connectionId, code);
  }

  /** Closes every connection and the socket; synchronous (at most a few hundred ms). */
  stop(): void {
    const handle = this.#handle;
    if (!handle) return;
    this.#handle = null;
    this.#lib.iqs_stop(handle);
    this.#pump.close();
  }
}
