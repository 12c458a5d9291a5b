/**
 * Every message that crosses threads, in one file, so that a new cross-shard interaction shows
 * up here in review (Iggy's shard/transmission/message.rs + event.rs). Payloads are plain,
 * structured-clone-safe data: numbers, bigints, strings, arrays, Maps, Uint8Arrays whose
 * ArrayBuffer belongs to the message alone (those are moved with the transfer list).
 *
 * Threads: `ShardRequest`s go shard → shard (control plane or partition owner) through
 * `ShardBus`; `ShardEvent`s go control plane → every shard; `CoordinatorMessage`s go
 * coordinator ↔ shard over the worker's parent port.
 */
import type { PollingStrategy } from '@iggy-node/protocol';
import type { ControlPlaneCommand, ControlPlaneResult } from '../shard/metadata-commands.js';
import type { MetadataSnapshot } from '../metadata/metadata-model.js';
import type { GroupStateTable } from '../consumer-groups/group-membership.js';
import type { MigratedSessionState } from '../session/client-registry.js';
import type { PoolSlot } from '../memory/memory-pool.js';
import type { PolledRecords } from '../memory/polled-records.js';
import type { MetricObjectWithValues, MetricValue } from 'prom-client';
import type { TransportName } from '../shard/operations/context.js';

/** An individual consumer (numeric id, names already hashed) or a consumer group id. */
export interface PollingConsumer {
  kind: 'consumer' | 'group';
  id: number;
  /** For a group: the member connection (`clientId@shardId`) the owner checks against its gate. */
  memberKey?: string;
}

export interface PartitionAddress {
  /** partitionKey(streamId, topicId, partitionId) */
  key: number;
  streamId: number;
  topicId: number;
  partitionId: number;
}

export interface PartitionStatsEntry extends PartitionAddress {
  messagesCount: number;
  sizeBytes: number;
  segmentsCount: number;
  currentOffset: number;
  createdAtMicros: bigint;
}

export interface ClientInfo {
  clientId: number;
  userId: number | null;
  transport: number;
  address: string;
  shardId: number;
  consumerGroups: { streamId: number; topicId: number; groupId: number }[];
}

/** Requests, each routed either to the control plane or to the owner of one partition. */
export type ShardRequest =
  // ---- data plane: executed by the partition's owner shard
  // The batch travels as a memory-pool slot reference, or (pool full or off) as its own moved ArrayBuffer.
  | ({
      kind: 'appendMessages';
      messages: Uint8Array | null;
      /** The batch's bytes in the pool: `byteLength` bytes from `slotByteOffset` within `slot`. */
      slot: PoolSlot | null;
      slotByteOffset: number;
      byteLength: number;
      messagesCount: number;
    } & PartitionAddress)
  | ({
      kind: 'pollMessages';
      consumer: PollingConsumer;
      strategy: PollingStrategy;
      count: number;
      autoCommit: boolean;
    } & PartitionAddress)
  | ({ kind: 'getConsumerOffset'; consumer: PollingConsumer } & PartitionAddress)
  | ({ kind: 'storeConsumerOffset'; consumer: PollingConsumer; offset: number } & PartitionAddress)
  | ({ kind: 'deleteConsumerOffset'; consumer: PollingConsumer } & PartitionAddress)
  | ({ kind: 'flushPartition'; fsync: boolean } & PartitionAddress)
  | ({ kind: 'deleteSegments'; segmentsCount: number } & PartitionAddress)
  | ({ kind: 'initPartition'; createdAtMicros: bigint } & PartitionAddress)
  | ({ kind: 'purgePartition' } & PartitionAddress)
  | ({ kind: 'deletePartition' } & PartitionAddress)
  | ({ kind: 'deleteGroupOffsets'; groupId: number } & PartitionAddress)
  | ({ kind: 'setGroupGate'; groupId: number; memberKey: string | null } & PartitionAddress)
  | ({ kind: 'handOverGroupPartition'; groupId: number; fromMemberKey: string; toMemberKey: string; force: boolean } & PartitionAddress)
  // ---- control plane: executed by CONTROL_PLANE_SHARD_ID, the only metadata writer
  | { kind: 'metadataCommand'; userId: number; command: ControlPlaneCommand }
  | { kind: 'joinConsumerGroup'; streamId: number; topicId: number; groupId: number; clientId: number; shardId: number }
  | { kind: 'leaveConsumerGroup'; streamId: number; topicId: number; groupId: number; clientId: number; shardId: number }
  | { kind: 'groupClientGone'; clientId: number; shardId: number }
  | { kind: 'checkGroupRevocations' }
  // ---- fan-out queries: sent to every shard, answers gathered by the caller
  | { kind: 'collectPartitionStats'; streamId: number | null; topicId: number | null }
  | { kind: 'collectClients' }
  // ---- fan-out commands: sent to every shard by the control plane
  | { kind: 'disconnectUserClients'; userId: number }
  // ---- HTTP access tokens: the control plane decides revocations and tells every shard
  | { kind: 'revokeAccessToken'; tokenId: string; expirySeconds: number }
  | { kind: 'accessTokenRevoked'; tokenId: string; expirySeconds: number }
  | { kind: 'listRevokedAccessTokens' }
  // ---- connection hand-off (tcp.socket_migration): to the shard that owns the connection's partition
  | { kind: 'adoptConnection'; fd: number; leftover: Uint8Array[]; session: MigratedSessionState };

export type ShardRequestKind = ShardRequest['kind'];

export interface PollResult {
  partitionId: number;
  currentOffset: number;
  count: number;
  /** Whole stored records, back to back, in a pool slot (or their own buffer) behind room for the response headers. */
  records: PolledRecords;
}

/** The response type of each request kind: callers cannot read the wrong variant. */
export interface ResponseMap {
  appendMessages: { firstOffset: number; lastOffset: number };
  pollMessages: PollResult;
  getConsumerOffset: { currentOffset: number; storedOffset: number } | null;
  storeConsumerOffset: null;
  deleteConsumerOffset: null;
  flushPartition: null;
  deleteSegments: { deletedSegmentsCount: number };
  initPartition: null;
  purgePartition: null;
  deletePartition: null;
  deleteGroupOffsets: null;
  setGroupGate: null;
  handOverGroupPartition: boolean;
  metadataCommand: ControlPlaneResult;
  joinConsumerGroup: null;
  leaveConsumerGroup: null;
  groupClientGone: null;
  checkGroupRevocations: null;
  collectPartitionStats: PartitionStatsEntry[];
  collectClients: ClientInfo[];
  /** How many connections this shard closed. */
  disconnectUserClients: number;
  adoptConnection: null;
  /** false when the token id was revoked already (a second refresh, or a refresh after logout). */
  revokeAccessToken: boolean;
  accessTokenRevoked: null;
  listRevokedAccessTokens: [tokenId: string, expirySeconds: number][];
}

export type ResponseFor<K extends ShardRequestKind> = ResponseMap[K];

/** Broadcasts from the control plane to every shard. */
export type ShardEvent =
  | { kind: 'metadataSnapshot'; version: number; snapshot: MetadataSnapshot }
  | { kind: 'groupMembership'; version: number; groups: GroupStateTable };

/** Wire envelope between two shards' bus endpoints. */
export type BusEnvelope =
  /** `traceparent`: W3C trace context of the sending command, when telemetry is on. */
  | { type: 'request'; requestId: number; sourceShardId: number; deadlineMs: number; request: ShardRequest; traceparent?: string | undefined }
  /** `kind`: of the request answered, so a reply that comes too late can be disposed of (a poll's slot). */
  | { type: 'response'; requestId: number; ok: true; kind: ShardRequestKind; response: unknown }
  | { type: 'response'; requestId: number; ok: false; error: { code: number; message: string } }
  | { type: 'event'; event: ShardEvent };

/** prom-client's `getMetricsAsJSON()` output: plain data, safe to post between threads. */
export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

/** What /health reports for one shard. */
export interface ShardStorageHealth {
  /** Owned partitions whose last write failed (a full disk, EIO). */
  partitionsFailing: number;
  /** 1 while the last metadata change could not be written (control plane only), else 0. */
  stateLogFailing: number;
  /** Directories of the failing partitions with their last error (at most a few). */
  failingPartitions: { directory: string; error: string | null }[];
}

/** One shard's Prometheus series: prom-client's `getMetricsAsJSON()` (shard/shard-metrics-registry.ts). */
export interface ShardMetricsSnapshot {
  shardId: number;
  metrics: MetricsJson;
  /** Storage health of this shard's partitions (and of the state log on the control plane), for /health. */
  health: ShardStorageHealth;
}

/** Shard → coordinator. */
export type ShardToCoordinator =
  /** Loaded and able to adopt connections; not accepting any yet. */
  | { type: 'ready'; shardId: number }
  /** Accepting connections (after every shard was ready), on these addresses. */
  | { type: 'listening'; shardId: number; addresses: Partial<Record<TransportName, string>> }
  | { type: 'rootPassword'; username: string; password: string }
  | { type: 'fatal'; shardId: number; message: string; stack?: string }
  | { type: 'drained'; shardId: number }
  | { type: 'stopped'; shardId: number }
  | { type: 'metrics'; requestId: number; metrics: ShardMetricsSnapshot }
  /** The HTTP transport of a shard serves /metrics and /health, rendered by the coordinator.
   * `page`: /metrics (`openMetrics`: the scraper asked for application/openmetrics-text) or /health. */
  | { type: 'renderMetrics'; requestId: number; page: 'metrics' | 'health'; openMetrics: boolean };

/** Coordinator → shard. */
export type CoordinatorToShard =
  /** Every shard is ready: start accepting connections. */
  | { type: 'listen' }
  | { type: 'drain' }
  | { type: 'shutdown' }
  | { type: 'collectMetrics'; requestId: number }
  /** The bound address of each transport, once every shard is ready (for cluster metadata). */
  | { type: 'serverAddresses'; addresses: Partial<Record<TransportName, string>> }
  | { type: 'metricsText'; requestId: number; status: number; contentType: string; body: string };
