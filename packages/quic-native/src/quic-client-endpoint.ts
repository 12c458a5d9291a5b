/**
 * A QUIC client connection configured like the stock Iggy 0.7 Rust SDK (quinn, no ALPN, server
 * certificate not validated, ECDSA P-256 handshake signatures only): each request is written on
 * a new bidirectional stream that is finished after the write, and its response is the whole
 * stream. Events: 'close' (reason: string) once the connection is gone.
 */
import { EventEmitter } from 'node:events';
import { EventPump, EVENT_CLOSED, EVENT_FAILED, EVENT_OPENED, EVENT_RESPONSE, HEADER_FIELDS } from './event-pump.js';
import { errorText, loadQuicNative, quicNativeUnavailableReason, type QuicNativeLibrary } from './native-library.js';
import { encodeTransportParams, PARAM_COUNT, STOCK_CLIENT_TRANSPORT, type QuicTransportSettings } from './transport-settings.js';

export interface QuicClientOptions {
  /** IP literal and port of the server ("127.0.0.1", 8080). */
  host: string;
  port: number;
  /** TLS server name; the stock SDK uses "localhost". */
  serverName?: string;
  /** One ALPN protocol to offer; default none, as the stock SDK. */
  alpn?: string;
  transport?: QuicTransportSettings;
  /** Largest response read (the stock SDK reads at most its response buffer size). */
  maxResponseBytes: number;
}

interface PendingRequest {
  resolve(response: Buffer): void;
  reject(error: Error): void;
}

const ERROR_CAPACITY = 512;

export class QuicClientEndpoint extends EventEmitter {
  readonly #lib: QuicNativeLibrary;
  #handle: unknown;
  readonly #pump: EventPump;
  readonly #header = new BigUint64Array(HEADER_FIELDS);
  readonly #pending = new Map<number, PendingRequest>();
  #nextRequestId = 1;
  #opened: { resolve(): void; reject(error: Error): void } | null = null;
  #closedReason: string | null = null;

  private constructor(lib: QuicNativeLibrary, handle: unknown) {
    super();
    this.#lib = lib;
    this.#handle = handle;
    this.#pump = new EventPump(lib.iqc_notify_fd(handle), () => this.#drain());
  }

  static connect(options: QuicClientOptions): Promise<QuicClientEndpoint> {
    const lib = loadQuicNative();
    if (!lib) return Promise.reject(new Error(quicNativeUnavailableReason()));
    const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
    const address = Buffer.from(`${host}:${options.port}`);
    const serverName = Buffer.from(options.serverName ?? 'localhost');
    const params = encodeTransportParams(options.transport ?? STOCK_CLIENT_TRANSPORT, options.maxResponseBytes, options.maxResponseBytes);
    const error = Buffer.alloc(ERROR_CAPACITY);
    const alpn = Buffer.from(options.alpn ?? '');
    const handle = lib.iqc_connect(address, address.length, serverName, serverName.length, alpn, alpn.length, params, PARAM_COUNT, error, ERROR_CAPACITY);
    if (!handle) return Promise.reject(new Error(errorText(error)));
    const client = new QuicClientEndpoint(lib, handle);
    return new Promise((resolve, reject) => {
      client.#opened = {
        resolve: () => resolve(client),
        reject: (reason) => {
          client.close();
          reject(reason);
        },
      };
    });
  }

  get closed(): boolean {
    return this.#handle === null || this.#closedReason !== null;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Sends `bytes` on a new stream; resolves with everything the server wrote on it. */
  request(bytes: Buffer): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error(`QUIC connection closed: ${this.#closedReason ?? 'by client'}`));
    const requestId = this.#nextRequestId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(requestId, { resolve, reject });
      if (this.#lib.iqc_request(this.#handle, requestId, bytes, bytes.length) !== 0) {
        this.#pending.delete(requestId);
        reject(new Error('QUIC connection is not open'));
      }
    });
  }

  #drain(): void {
    const header = this.#header;
    while (this.#handle) {
      const kind = this.#lib.iqc_poll(this.#handle, header);
      if (kind <= 0) return;
      const requestId = Number(header[2]);
      const bytes = this.#takeBytes(Number(header[4]));
      switch (kind) {
        case EVENT_OPENED:
          this.#opened?.resolve();
          this.#opened = null;
          break;
        case EVENT_RESPONSE:
        case EVENT_FAILED: {
          const pending = this.#pending.get(requestId);
          if (!pending) break;
          this.#pending.delete(requestId);
          if (kind === EVENT_RESPONSE) pending.resolve(bytes);
          else pending.reject(new Error(`QUIC stream failed: ${bytes.toString('utf8')}`));
          break;
        }
        case EVENT_CLOSED:
          this.#onClosed(bytes.toString('utf8') || 'closed');
          // The peer (or an idle timeout) ended the connection: free the native side and the
          // event pump too, or the pump's pipe keeps the process alive. Not from inside this
          // drain loop, which still reads through the handle.
          setImmediate(() => this.close());
          break;
      }
    }
  }

  #takeBytes(length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    if (length > 0) this.#lib.iqc_take(this.#handle, bytes, length);
    return bytes;
  }

  #onClosed(reason: string): void {
    if (this.#closedReason !== null) return;
    this.#closedReason = reason;
    const opened = this.#opened;
    this.#opened = null;
    opened?.reject(new Error(`QUIC connection failed: ${reason}`));
    for (const pending of this.#pending.values()) pending.reject(new Error(`QUIC connection closed: ${reason}`));
    this.#pending.clear();
    this.emit('close', reason);
  }

  /** Closes the connection (CONNECTION_CLOSE sent) and frees the native side. */
  close(): void {
    const handle = this.#handle;
    if (!handle) return;
    this.#onClosed('closed by client');
    this.#handle = null;
    this.#lib.iqc_close(handle);
    this.#pump.close();
  }
}
