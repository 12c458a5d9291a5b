import { EventEmitter } from 'node:events';
import { encodeRequestHeader, ErrorCode, IggyError, type ResponseFrame } from '@iggy-node/protocol';
import { QuicClientEndpoint, type QuicTransportSettings } from '@iggy-node/quic-native';
import { CONNECT_TIMEOUT_MS_DEFAULT, PENDING_REQUESTS_MAX, REQUEST_TIMEOUT_MS_DEFAULT, RESPONSE_FRAME_SIZE_MAX_DEFAULT } from '../limits.js';

export interface QuicConnectionOptions {
  /** IP literal of the server. */
  host: string;
  port: number;
  /** TLS server name (default "localhost", as the Rust SDK). The certificate is not validated. */
  serverName?: string;
  /** Default: the Rust SDK's client settings (100 KB windows, 1200-byte MTU, 5 s keep-alive, 10 s idle). */
  transport?: QuicTransportSettings;
  requestTimeoutMs?: number;
  connectTimeoutMs?: number;
  responseFrameSizeMax?: number;
  pendingRequestsMax?: number;
}

const RESPONSE_HEADER_SIZE = 8;

/**
 * One QUIC connection to an Iggy server, as the Rust SDK makes it: each request goes on its own
 * bidirectional stream and its response is that stream's whole content. Requests may overlap
 * (the server answers each on its own stream). Same surface as TcpConnection. Events: 'close'
 * (error: IggyError) once, when the connection is gone.
 */
export class QuicConnection extends EventEmitter {
  readonly #endpoint: QuicClientEndpoint;
  readonly #requestTimeoutMs: number;
  readonly #pendingRequestsMax: number;
  #closed = false;

  private constructor(endpoint: QuicClientEndpoint, options: QuicConnectionOptions) {
    super();
    this.#endpoint = endpoint;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS_DEFAULT;
    this.#pendingRequestsMax = options.pendingRequestsMax ?? PENDING_REQUESTS_MAX;
    endpoint.once('close', (reason: string) => this.#onClose(new IggyError(ErrorCode.ConnectionClosed, `QUIC connection closed: ${reason}`)));
  }

  /** Handshakes; rejects with CannotEstablishConnection (9). */
  static async connect(options: QuicConnectionOptions): Promise<QuicConnection> {
    const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS_DEFAULT;
    let timer: NodeJS.Timeout | undefined;
    const connecting = QuicClientEndpoint.connect({
      host: options.host,
      port: options.port,
      serverName: options.serverName,
      transport: options.transport,
      maxResponseBytes: options.responseFrameSizeMax ?? RESPONSE_FRAME_SIZE_MAX_DEFAULT,
    });
    try {
      const endpoint = await Promise.race([
        connecting,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${connectTimeoutMs} ms`)), connectTimeoutMs);
        }),
      ]);
      return new QuicConnection(endpoint, options);
    } catch (error) {
      connecting.then((late) => late.close(), () => {});
      throw new IggyError(ErrorCode.CannotEstablishConnection, `quic ${options.host}:${options.port}: ${(error as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
  }

  get closed(): boolean {
    return this.#closed;
  }

  get pendingCount(): number {
    return this.#endpoint.pendingCount;
  }

  /** Sends one request; resolves with the payload on status 0, rejects with IggyError(status) otherwise. */
  async send(code: number, payload: Buffer): Promise<Buffer> {
    const frame = await this.sendRaw(code, payload);
    if (frame.status !== 0) throw new IggyError(frame.status, `request (code ${code}) failed with status ${frame.status}`);
    return frame.payload;
  }

  /** Sends one request and resolves with whatever status came back (for bad-input tests). */
  async sendRaw(code: number, payload: Buffer): Promise<ResponseFrame> {
    const response = await this.writeRaw(Buffer.concat([encodeRequestHeader(code, payload.length), payload]), code);
    return parseResponse(response, code);
  }

  /**
   * Writes arbitrary bytes on a new stream and resolves with everything the server wrote back on
   * it (garbage-input tests). Rejects with QuicError when the stream fails.
   */
  async writeRaw(bytes: Buffer, code = -1): Promise<Buffer> {
    if (this.#closed) throw new IggyError(ErrorCode.NotConnected, 'connection is closed');
    if (this.pendingCount >= this.#pendingRequestsMax) {
      throw new IggyError(ErrorCode.Error, `too many pending requests on one connection (limit ${this.#pendingRequestsMax})`);
    }
    const request = this.#endpoint.request(bytes).catch((error: Error) => {
      throw this.#closed ? new IggyError(ErrorCode.ConnectionClosed, error.message) : new IggyError(ErrorCode.QuicError, error.message);
    });
    if (this.#requestTimeoutMs <= 0) return request;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        request,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            // As on TCP: a request that never comes back means the connection is unusable.
            const error = new IggyError(ErrorCode.ConnectionClosed, `request (code ${code}) timed out after ${this.#requestTimeoutMs} ms`);
            this.close(error);
            reject(error);
          }, this.#requestTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  close(reason: IggyError = new IggyError(ErrorCode.ClientShutdown, 'connection closed by client')): void {
    if (this.#closed) return;
    this.#endpoint.close();
    this.#onClose(reason);
  }

  #onClose(reason: IggyError): void {
    if (this.#closed) return;
    this.#closed = true;
    this.emit('close', reason);
  }
}

function parseResponse(response: Buffer, code: number): ResponseFrame {
  if (response.length < RESPONSE_HEADER_SIZE) {
    throw new IggyError(ErrorCode.InvalidCommand, `response to code ${code} is ${response.length} bytes, shorter than a header`);
  }
  const status = response.readUInt32LE(0);
  const length = response.readUInt32LE(4);
  if (length !== response.length - RESPONSE_HEADER_SIZE) {
    throw new IggyError(ErrorCode.InvalidCommand, `response to code ${code} declares ${length} bytes but carries ${response.length - RESPONSE_HEADER_SIZE}`);
  }
  return { status, payload: response.subarray(RESPONSE_HEADER_SIZE) };
}
