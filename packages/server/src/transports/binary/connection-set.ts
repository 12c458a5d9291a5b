/**
 * The binary connections of one transport listener on one shard: what user deletion, the
 * heartbeat verifier and shutdown act on. Every binary transport keeps one.
 */
import type { Session } from '../../session/session.js';
import type { BinaryConnection } from './binary-connection.js';

export class BinaryConnectionSet {
  readonly #connections = new Set<BinaryConnection>();

  add(connection: BinaryConnection): void {
    this.#connections.add(connection);
  }

  delete(connection: BinaryConnection): void {
    this.#connections.delete(connection);
  }

  get size(): number {
    return this.#connections.size;
  }

  /** Closes every connection whose session matches; returns how many. */
  closeMatching(predicate: (session: Session) => boolean): number {
    let closed = 0;
    for (const connection of this.#connections) {
      if (!predicate(connection.session)) continue;
      connection.close();
      closed++;
    }
    return closed;
  }

  /**
   * Shutdown: lets requests being run finish and be answered (a send in flight is acked), sends
   * Iggy's `disconnected` (8) notice to every client, waits until `listenerClosed` or the
   * deadline, then closes whatever is left.
   */
  async drain(drainTimeoutMs: number, listenerClosed: Promise<void>): Promise<void> {
    const deadline = Date.now() + drainTimeoutMs;
    while ([...this.#connections].some((c) => !c.idle) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const connection of this.#connections) connection.sendDisconnectedAndClose();
    await Promise.race([listenerClosed, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref())]);
    for (const connection of this.#connections) connection.close();
  }
}
