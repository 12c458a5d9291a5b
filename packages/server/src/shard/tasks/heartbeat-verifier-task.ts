/**
 * The heartbeat verifier ([heartbeat], Iggy's verify_heartbeats): every `interval`, close the
 * connections whose last Ping is older than 1.2 × interval. Iggy only drops the client record
 * and leaves the socket open in a half-stale state; wire-protocol.md §6.5 allows simply closing
 * it, which SDKs handle by reconnecting.
 *
 * Runs on: every shard that holds connections (each checks only its own).
 */
import type { Logger } from 'pino';
import type { Session } from '../../session/session.js';

/** Iggy's tolerance: a client is stale after 1.2 heartbeat intervals without a Ping. */
const HEARTBEAT_GRACE_FACTOR = 1.2;

export interface HeartbeatVerifierOptions {
  intervalMs: number;
  /** Closes the connections whose session matches; returns how many. */
  closeConnections: (predicate: (session: Session) => boolean) => number;
  logger: Logger;
  nowMs?: () => number;
}

export class HeartbeatVerifierTask {
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: HeartbeatVerifierOptions) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.verify(), this.options.intervalMs);
    this.#timer.unref();
  }

  /** One sweep; returns how many connections were closed. */
  verify(): number {
    const nowMs = (this.options.nowMs ?? Date.now)();
    const staleBeforeMs = nowMs - this.options.intervalMs * HEARTBEAT_GRACE_FACTOR;
    const closed = this.options.closeConnections((session) => session.lastHeartbeatMs < staleBeforeMs);
    if (closed > 0) this.options.logger.info({ closed }, 'heartbeat verifier: closed connections without a recent heartbeat');
    return closed;
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }
}
