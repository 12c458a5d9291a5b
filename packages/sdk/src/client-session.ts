import { EventEmitter } from 'node:events';
import { CommandCode, ErrorCode, IggyError, type ResponseFrame } from '@iggy-node/protocol';
import {
  HEARTBEAT_INTERVAL_MS_DEFAULT,
  RECONNECT_INTERVAL_MS_DEFAULT,
  RECONNECT_RETRIES_DEFAULT,
} from './limits.js';
import { TcpConnection, type TlsOptions, type TransportKind } from './transport/tcp-connection.js';

export type Credentials = { username: string; password: string } | { token: string };

export interface ReconnectOptions {
  enabled: boolean;
  /** Connection attempts after the first one fails. */
  retries: number;
  intervalMs: number;
}

export interface ClientSessionOptions {
  host: string;
  port: number;
  /** Default 'tcp'. */
  transport?: TransportKind;
  tls?: TlsOptions;
  credentials?: Credentials;
  autoLogin: boolean;
  reconnect: ReconnectOptions;
  /** 0 disables the background Ping. */
  heartbeatIntervalMs: number;
  requestTimeoutMs?: number;
  responseFrameSizeMax?: number;
  pendingRequestsMax?: number;
}

/** Performs a login on a fresh connection; supplied by the client so the codecs stay there. */
export type LoginFunction = (connection: TcpConnection, credentials: Credentials) => Promise<number>;

/**
 * Server statuses after which the Rust SDK drops the connection, reconnects (logging in again)
 * and sends the request once more: 8 (server shutting down), 30 (stale client record),
 * 40 (the session lost its login, e.g. after a server-side client clean-up).
 */
const RECONNECT_STATUSES: ReadonlySet<number> = new Set([
  ErrorCode.Disconnected,
  ErrorCode.StaleClient,
  ErrorCode.Unauthenticated,
]);

/** Errors our own transport raises when the socket is gone. */
const TRANSPORT_FAILURES: ReadonlySet<number> = new Set([
  ErrorCode.TcpError,
  ErrorCode.ConnectionClosed,
  ErrorCode.NotConnected,
  ErrorCode.CannotEstablishConnection,
]);

/** Logins are never retried: replaying a failed login after a re-login makes no sense. */
const NO_RETRY_CODES: ReadonlySet<number> = new Set([CommandCode.LoginUser, CommandCode.LoginWithPersonalAccessToken]);

export function defaultReconnectOptions(): ReconnectOptions {
  return { enabled: true, retries: RECONNECT_RETRIES_DEFAULT, intervalMs: RECONNECT_INTERVAL_MS_DEFAULT };
}

export { HEARTBEAT_INTERVAL_MS_DEFAULT };

/**
 * The connection behind an IggyClient: opens it, logs in, keeps it alive with Pings, and on
 * loss reconnects lazily (on the next request) with the same credentials. Events:
 * 'connected' (), 'disconnected' (reason: IggyError).
 */
export class ClientSession extends EventEmitter {
  readonly #options: ClientSessionOptions;
  readonly #login: LoginFunction;
  #connection: TcpConnection | null = null;
  #connecting: Promise<TcpConnection> | null = null;
  #credentials: Credentials | undefined;
  #shutdown = false;
  #heartbeatTimer: NodeJS.Timeout | null = null;

  constructor(options: ClientSessionOptions, login: LoginFunction) {
    super();
    this.#options = options;
    this.#login = login;
    this.#credentials = options.credentials;
  }

  get connected(): boolean {
    return this.#connection !== null && !this.#connection.closed;
  }

  /** Remembered for re-login after a reconnect; set by a successful explicit login, cleared by logout. */
  set credentials(credentials: Credentials | undefined) {
    this.#credentials = credentials;
  }

  async connect(): Promise<void> {
    this.#shutdown = false;
    await this.#ensureConnection();
    this.#startHeartbeat();
  }

  async close(): Promise<void> {
    this.#shutdown = true;
    this.#stopHeartbeat();
    const connecting = this.#connecting;
    if (connecting) await connecting.catch(() => {});
    // Detached first, so a deliberate close is not reported as 'disconnected'.
    const connection = this.#connection;
    this.#connection = null;
    connection?.close();
  }

  /**
   * Sends one command and returns the response payload. On a reconnect status or a transport
   * failure (and with reconnection enabled) it reconnects, logs in again and retries once.
   */
  async request(code: number, payload: Buffer): Promise<Buffer> {
    const connection = await this.#ensureConnection();
    try {
      return await connection.send(code, payload);
    } catch (error) {
      if (!this.#shouldRetry(error, code)) throw error;
      if (!connection.closed) connection.close(error as IggyError);
      const next = await this.#ensureConnection();
      return await next.send(code, payload);
    }
  }

  /** One command, no retry, any status resolved (for tests of the server's input checks). */
  async requestRaw(code: number, payload: Buffer): Promise<ResponseFrame> {
    const connection = await this.#ensureConnection();
    return connection.sendRaw(code, payload);
  }

  /** Arbitrary bytes on the socket (for garbage-input tests). */
  async writeRaw(bytes: Buffer): Promise<void> {
    const connection = await this.#ensureConnection();
    connection.writeRaw(bytes);
  }

  #shouldRetry(error: unknown, code: number): boolean {
    if (this.#shutdown || !this.#options.reconnect.enabled || NO_RETRY_CODES.has(code)) return false;
    if (!IggyError.is(error)) return false;
    return RECONNECT_STATUSES.has(error.code) || TRANSPORT_FAILURES.has(error.code);
  }

  #ensureConnection(): Promise<TcpConnection> {
    if (this.#shutdown) return Promise.reject(new IggyError(ErrorCode.ClientShutdown, 'client is closed'));
    if (this.#connection !== null && !this.#connection.closed) return Promise.resolve(this.#connection);
    // A lost connection is replaced only when reconnection is enabled; the very first one always opens.
    if (this.#connection !== null && !this.#options.reconnect.enabled) {
      return Promise.reject(new IggyError(ErrorCode.NotConnected, 'connection lost and reconnection is disabled'));
    }
    this.#connecting ??= this.#establish().finally(() => {
      this.#connecting = null;
    });
    return this.#connecting;
  }

  /** Connects (retrying per the reconnect options) and logs in when credentials are known. */
  async #establish(): Promise<TcpConnection> {
    const attempts = this.#options.reconnect.enabled ? 1 + Math.max(0, this.#options.reconnect.retries) : 1;
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, this.#options.reconnect.intervalMs));
      if (this.#shutdown) throw new IggyError(ErrorCode.ClientShutdown, 'client is closed');
      let connection: TcpConnection;
      try {
        connection = await TcpConnection.connect({
          host: this.#options.host,
          port: this.#options.port,
          transport: this.#options.transport,
          tls: this.#options.tls,
          requestTimeoutMs: this.#options.requestTimeoutMs,
          responseFrameSizeMax: this.#options.responseFrameSizeMax,
          pendingRequestsMax: this.#options.pendingRequestsMax,
        });
      } catch (error) {
        lastError = error;
        continue;
      }
      connection.once('close', (reason: IggyError) => {
        if (this.#connection === connection) this.emit('disconnected', reason);
      });
      if (this.#options.autoLogin && this.#credentials !== undefined) {
        try {
          await this.#login(connection, this.#credentials);
        } catch (error) {
          connection.close();
          // Wrong credentials will not get better by retrying; a dropped socket might.
          if (IggyError.is(error) && TRANSPORT_FAILURES.has(error.code)) {
            lastError = error;
            continue;
          }
          throw error;
        }
      }
      if (this.#shutdown) {
        connection.close();
        throw new IggyError(ErrorCode.ClientShutdown, 'client is closed');
      }
      this.#connection = connection;
      this.emit('connected');
      return connection;
    }
    throw lastError;
  }

  #startHeartbeat(): void {
    if (this.#options.heartbeatIntervalMs <= 0 || this.#heartbeatTimer !== null) return;
    this.#heartbeatTimer = setInterval(() => {
      // Only a live connection is pinged; a lost one is replaced by the next real request.
      const connection = this.#connection;
      if (connection === null || connection.closed) return;
      connection.send(CommandCode.Ping, Buffer.alloc(0)).catch(() => {});
    }, this.#options.heartbeatIntervalMs);
    // The heartbeat alone must not keep a process alive.
    this.#heartbeatTimer.unref();
  }

  #stopHeartbeat(): void {
    if (this.#heartbeatTimer !== null) clearInterval(this.#heartbeatTimer);
    this.#heartbeatTimer = null;
  }
}
