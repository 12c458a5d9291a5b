/**
 * Deadlines and server-wide bounds for every binary connection, whatever its transport
 * (`[connections]` config, docs/RELIABILITY.md):
 * - login deadline: a connection that has not logged in after `login_timeout` is closed (not
 *   while a request, such as the login itself, is being run);
 * - frame read deadline: a request frame whose first bytes arrived must be complete within
 *   `frame_read_timeout` (slowloris: a header, then a byte a second); not counted while the
 *   server itself paused reading (backpressure);
 * - connection cap: at most `max_connections` over all shards (one shared atomic counter);
 *   a connection accepted past it is closed at once; connections moving between shards
 *   (socket migration) are never refused;
 * - queued response bytes: each shard keeps its connections' unsent response bytes under
 *   `max_queued_response_size / shardCount` (so the whole server stays under the setting);
 *   past it the connections with the most unsent bytes, the slowest readers, are closed.
 * Each close is logged with its reason. One per-thread instance, swept every
 * CONNECTION_GUARD_INTERVAL_MS while connections exist.
 *
 * Runs on: every shard thread (each has its own instance; the connection counter is shared).
 */
import type { Logger } from 'pino';
import { CONNECTION_GUARD_INTERVAL_MS, CONNECTION_REFUSALS_LOG_INTERVAL_MS } from '../../limits.js';
import type { Session } from '../../session/session.js';

/** What the guard needs to see of a connection (BinaryConnection implements it). */
export interface GuardedConnection {
  readonly session: Session;
  readonly openedAtMs: number;
  /** When the frame now being received began (null: none, or input paused by the server). */
  readonly partialFrameSinceMs: number | null;
  readonly outboundBytes: number;
  /** False while a request runs (a login being verified is not a client that never logged in). */
  readonly idle: boolean;
  close(): void;
}

export interface ConnectionGuardSettings {
  loginTimeoutMs: number;
  frameReadTimeoutMs: number;
  connectionsMax: number;
  queuedResponseBytesMax: number;
  shardCount: number;
  /** Slot 0: connections held by the whole server. Null: this thread counts alone (tests). */
  sharedCounts: Int32Array | null;
  logger: Logger | null;
}

/** The shipped defaults (configs/server.toml [connections]); the server configures from config. */
const DEFAULT_SETTINGS: ConnectionGuardSettings = {
  loginTimeoutMs: 10_000,
  frameReadTimeoutMs: 30_000,
  connectionsMax: 10_000,
  queuedResponseBytesMax: 256 * 1024 * 1024,
  shardCount: 1,
  sharedCounts: null,
  logger: null,
};

export class ConnectionGuard {
  #settings: ConnectionGuardSettings = { ...DEFAULT_SETTINGS, sharedCounts: new Int32Array(1) };
  readonly #connections = new Set<GuardedConnection>();
  #timer: NodeJS.Timeout | null = null;
  #refusedSinceLog = 0;
  #lastRefusalLogMs = 0;
  /** Closes made by the guard, by reason (tests and metrics). */
  readonly closes = { loginTimeout: 0, frameReadTimeout: 0, connectionsMax: 0, slowReader: 0 };

  configure(settings: Partial<ConnectionGuardSettings>): void {
    const sharedCounts = settings.sharedCounts ?? this.#settings.sharedCounts ?? new Int32Array(1);
    this.#settings = { ...this.#settings, ...settings, sharedCounts };
  }

  get settings(): Readonly<ConnectionGuardSettings> {
    return this.#settings;
  }

  /** Connections the whole server holds (shared counter). */
  get serverConnections(): number {
    return Atomics.load(this.#settings.sharedCounts!, 0);
  }

  /**
   * Registers a new connection; false when the server is at max_connections (the caller closes
   * it). A connection moving in from another shard is always taken.
   */
  admit(connection: GuardedConnection, movedIn: boolean): boolean {
    const counts = this.#settings.sharedCounts!;
    const held = Atomics.add(counts, 0, 1);
    if (!movedIn && held >= this.#settings.connectionsMax) {
      Atomics.sub(counts, 0, 1);
      this.closes.connectionsMax++;
      this.#logRefusal();
      return false;
    }
    this.#connections.add(connection);
    this.#timer ??= setInterval(() => this.sweep(Date.now()), CONNECTION_GUARD_INTERVAL_MS).unref();
    return true;
  }

  /** The connection left this shard (closed or moved); idempotent per connection. */
  release(connection: GuardedConnection): void {
    if (!this.#connections.delete(connection)) return;
    Atomics.sub(this.#settings.sharedCounts!, 0, 1);
    if (this.#connections.size === 0 && this.#timer !== null) {
      clearInterval(this.#timer);
      this.#timer = null;
    }
  }

  /** One check of every deadline and of the queued-bytes budget (public for tests). */
  sweep(nowMs: number): void {
    const { loginTimeoutMs, frameReadTimeoutMs } = this.#settings;
    let queued = 0;
    const doomed: { connection: GuardedConnection; reason: string }[] = [];
    for (const connection of this.#connections) {
      if (loginTimeoutMs > 0 && connection.idle && !connection.session.isAuthenticated && nowMs - connection.openedAtMs > loginTimeoutMs) {
        this.closes.loginTimeout++;
        doomed.push({ connection, reason: `not logged in within ${loginTimeoutMs} ms (connections.login_timeout)` });
        continue;
      }
      const partialSince = connection.partialFrameSinceMs;
      if (frameReadTimeoutMs > 0 && partialSince !== null && nowMs - partialSince > frameReadTimeoutMs) {
        this.closes.frameReadTimeout++;
        doomed.push({ connection, reason: `request frame not complete within ${frameReadTimeoutMs} ms (connections.frame_read_timeout)` });
        continue;
      }
      queued += connection.outboundBytes;
    }
    const budget = Math.floor(this.#settings.queuedResponseBytesMax / this.#settings.shardCount);
    if (queued > budget) {
      const byQueued = [...this.#connections].filter((c) => !doomed.some((d) => d.connection === c) && c.outboundBytes > 0);
      byQueued.sort((a, b) => b.outboundBytes - a.outboundBytes);
      for (const connection of byQueued) {
        if (queued <= budget) break;
        queued -= connection.outboundBytes;
        this.closes.slowReader++;
        doomed.push({
          connection,
          reason: `slowest reader: ${connection.outboundBytes} response bytes unread while this shard's share of connections.max_queued_response_size (${budget} bytes) is exceeded`,
        });
      }
    }
    for (const { connection, reason } of doomed) {
      this.#settings.logger?.warn({ clientId: connection.session.clientId, address: connection.session.address }, `closing connection: ${reason}`);
      this.release(connection);
      connection.close();
    }
  }

  #logRefusal(): void {
    this.#refusedSinceLog++;
    const now = Date.now();
    if (now - this.#lastRefusalLogMs < CONNECTION_REFUSALS_LOG_INTERVAL_MS) return;
    this.#settings.logger?.warn(
      { refused: this.#refusedSinceLog, max: this.#settings.connectionsMax },
      'closing new connections: the server holds connections.max_connections',
    );
    this.#refusedSinceLog = 0;
    this.#lastRefusalLogMs = now;
  }
}

/** This thread's guard. */
export const connectionGuard = new ConnectionGuard();
