import { xxh32 } from '@iggy-node/protocol';
import type { ClientInfo } from '../bus/shard-messages.js';
import { Session } from './session.js';

/** What travels with a connection that moves between shards (plain data). */
export interface MigratedSessionState {
  clientId: number;
  userId: number | null;
  transport: number;
  address: string;
  lastHeartbeatMs: number;
}

/**
 * The connections held by one shard. Client ids follow Iggy (XXH32 of "ip:port"); a collision
 * with a live client on this shard takes the next free number, and the shard id is mixed into
 * the search start so two shards never hand out the same id for different addresses.
 *
 * Runs on: one shard thread; get_clients gathers every shard's registry over the bus.
 */
export class ClientRegistry {
  readonly #sessions = new Map<number, Session>();

  constructor(private readonly shardId: number) {}

  add(transport: number, address: string): Session {
    let clientId = xxh32(address) >>> 0;
    while (this.#sessions.has(clientId)) clientId = (clientId + 1 + this.shardId) >>> 0;
    const session = new Session(clientId, transport, address);
    this.#sessions.set(clientId, session);
    return session;
  }

  /** Registers a session that moved here from another shard, keeping its client id. */
  adopt(state: MigratedSessionState): Session {
    // Ids are unique per shard by construction; should this one be taken here, pick the next free
    // one rather than overwrite a live session.
    let clientId = state.clientId;
    while (this.#sessions.has(clientId)) clientId = (clientId + 1 + this.shardId) >>> 0;
    const session = new Session(clientId, state.transport, state.address);
    session.userId = state.userId;
    session.lastHeartbeatMs = state.lastHeartbeatMs;
    session.migrated = true;
    this.#sessions.set(session.clientId, session);
    return session;
  }

  remove(clientId: number): void {
    this.#sessions.delete(clientId);
  }

  get(clientId: number): Session | undefined {
    return this.#sessions.get(clientId);
  }

  get size(): number {
    return this.#sessions.size;
  }

  sessions(): IterableIterator<Session> {
    return this.#sessions.values();
  }

  describe(): ClientInfo[] {
    return [...this.#sessions.values()].map((session) => ({
      clientId: session.clientId,
      userId: session.userId,
      transport: session.transport,
      address: session.address,
      shardId: this.shardId,
      consumerGroups: session.joinedGroups.map((g) => ({ ...g })),
    }));
  }
}
