/**
 * What an operation may use: the caller (its session) and a narrow view of the shard serving it.
 * Every transport builds one OperationContext per request (binary connections pass their long-lived
 * session; the HTTP router a session for its authenticated caller) and calls the operation
 * functions of this folder. No socket, frame or codec is ever visible here.
 *
 * Errors: operations throw IggyError (numeric Iggy code, see @iggy-node/protocol); transports map
 * it to their own answer (binary error status, HTTP status + JSON). Anything else is a bug.
 *
 * Runs on: every shard thread.
 */
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import type { ShardBus } from '../../bus/shard-bus.js';
import type { ServerConfig } from '../../config/server-config.js';
import type { GroupStateTable } from '../../consumer-groups/group-membership.js';
import type { MemoryPool } from '../../memory/memory-pool.js';
import type { Metadata } from '../../metadata/metadata.js';
import type { ClientRegistry } from '../../session/client-registry.js';
import type { Session } from '../../session/session.js';
import type { ShardMetrics } from '../shard-metrics.js';
import type { BalancedPartitioner } from './balanced-partitioner.js';

/** Names of the transports a shard can serve, as used in config sections and addresses. */
export type TransportName = 'tcp' | 'quic' | 'http' | 'websocket';

/** The parts of a shard that operations use. `Shard` implements it; tests may build their own. */
export interface ShardServices {
  readonly id: number;
  readonly config: ServerConfig;
  /** This shard's read copy of the metadata (on the control plane: the live model). */
  readonly metadata: Metadata;
  readonly bus: ShardBus;
  /** The process-wide batch memory pool (shared memory). */
  readonly pool: MemoryPool;
  readonly metrics: ShardMetrics;
  /** Connections (sessions) held by this shard, every transport. */
  readonly clients: ClientRegistry;
  /** Consumer-group members and assignments as last published by the control plane. */
  readonly groupMembership: GroupStateTable;
  /** Round-robin cursor of each group member on this shard, by `${groupKey}#${clientId}`. */
  readonly groupCursors: Map<string, number>;
  /** Balanced partitioning: one counter per topic, shared by every shard. */
  readonly balancedPartitioner: BalancedPartitioner;
  readonly startedAtMicros: bigint;
  /** The address a transport of this server is bound to ("host:port"), or null where it is off. */
  boundAddress(transport: TransportName): string | null;
}

export interface OperationContext {
  readonly shard: ShardServices;
  /** Who is asking. `session.userId` is null before login. */
  readonly session: Session;
}

/** The caller's user id; 40 (unauthenticated) when nobody is logged in. */
export function callerId(context: OperationContext): number {
  const userId = context.session.userId;
  if (userId === null) throw new IggyError(ErrorCode.Unauthenticated);
  return userId;
}
