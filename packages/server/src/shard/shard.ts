/**
 * One shard: a worker thread with its own event loop that owns a subset of the partitions
 * (by hash), serves client connections, and keeps a read copy of the metadata. The shard named
 * CONTROL_PLANE_SHARD_ID additionally owns the metadata writer (ControlPlane).
 *
 * Runs on: its own worker thread (shard-main.ts creates exactly one Shard per thread).
 */
import type { MessagePort } from 'node:worker_threads';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import type { Logger } from 'pino';
import { CONTROL_PLANE_SHARD_ID, ShardBus } from '../bus/shard-bus.js';
import { partitionKey } from '../bus/namespace.js';
import type { PartitionAddress, ShardEvent, ShardMetricsSnapshot, ShardRequest } from '../bus/shard-messages.js';
import type { ServerConfig } from '../config/server-config.js';
import { CommandDispatcher } from '../handlers/command-dispatcher.js';
import { allHandlers } from '../handlers/all-handlers.js';
import { Metadata } from '../metadata/metadata.js';
import { ClientRegistry } from '../session/client-registry.js';
import { TcpServer } from '../transports/tcp/tcp-server.js';
import { QuicServer, type QuicListen } from '../transports/quic/quic-server.js';
import type { TcpConnection } from '../transports/tcp/tcp-connection.js';
import { adoptSocket } from '../platform/socket-handoff.js';
import { closeFd } from '../platform/file-descriptor.js';
import { platformSupport } from '../platform/platform-support.js';
import { MemoryPool } from '../memory/memory-pool.js';
import type { MemoryPoolLayout } from '../memory/memory-pool-layout.js';
import { loadTlsMaterial } from '../transports/tcp/tls-material.js';
import { ControlPlane } from './control-plane.js';
import { MessageCleanerTask } from './tasks/message-cleaner-task.js';
import { groupCursorKey, groupKey, type GroupStateTable } from '../consumer-groups/group-membership.js';
import type { Session } from '../session/session.js';
import { PartitionSystem } from './partition-system.js';
import { ShardMetrics } from './shard-metrics.js';
import { HeartbeatVerifierTask } from './tasks/heartbeat-verifier-task.js';
import { PersonalAccessTokenCleanerTask } from './tasks/personal-access-token-cleaner-task.js';

export interface ShardOptions {
  shardId: number;
  shardCount: number;
  config: ServerConfig;
  logger: Logger;
  peers: (MessagePort | null)[];
  rootCredentials: { username: string; password: string } | null;
  startedAtMicros: bigint;
  pool: { sharedBuffer: SharedArrayBuffer; layout: MemoryPoolLayout };
}

export class Shard {
  readonly id: number;
  readonly shardCount: number;
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly bus: ShardBus;
  readonly clients: ClientRegistry;
  readonly partitions: PartitionSystem;
  readonly dispatcher: CommandDispatcher;
  readonly metrics = new ShardMetrics();
  readonly startedAtMicros: bigint;
  /** The process-wide batch memory pool (shared memory, attached in every shard). */
  readonly pool: MemoryPool;
  /** Present only on the control-plane shard. */
  readonly controlPlane: ControlPlane | null;
  #metadata: Metadata | null = null;
  #metadataVersion = -1;
  #metadataReady: Promise<void>;
  #resolveMetadataReady!: () => void;
  #tcpServer: TcpServer | null = null;
  #quicServer: QuicServer | null = null;
  readonly #socketMigrationEnabled: boolean;
  /** Set when shutdown begins: no connection is adopted any more. */
  #stopping = false;
  #messageCleaner: MessageCleanerTask | null = null;
  #heartbeatVerifier: HeartbeatVerifierTask | null = null;
  #tokenCleaner: PersonalAccessTokenCleanerTask | null = null;
  /** The address this shard's TCP listener bound (host:port), if it listens. */
  boundTcpAddress: string | null = null;
  /** Consumer-group members and assignments as last published by the control plane. */
  groupMembership: GroupStateTable = new Map();
  #groupMembershipVersion = 0;
  /** Round-robin cursor of each group member on this shard, by `${groupKey}#${clientId}`. */
  readonly groupCursors = new Map<string, number>();
  /** Per-topic round-robin counters for balanced partitioning, keyed by stream/topic key. */
  readonly balancedCounters = new Map<number, number>();

  constructor(private readonly options: ShardOptions) {
    this.id = options.shardId;
    this.shardCount = options.shardCount;
    this.config = options.config;
    this.logger = options.logger;
    this.startedAtMicros = options.startedAtMicros;
    this.clients = new ClientRegistry(this.id);
    this.pool = MemoryPool.attach(options.pool.sharedBuffer, options.pool.layout);
    this.partitions = new PartitionSystem(this.config, this.logger, this.pool, (address) => {
      if (!this.#metadata) return undefined;
      const topic = this.#metadata.findTopic(address.streamId, address.topicId);
      return topic?.partitions[address.partitionId]?.createdAtMicros;
    });
    this.dispatcher = new CommandDispatcher(this, this.logger);
    this.dispatcher.register(allHandlers());
    this.#metadataReady = new Promise((resolve) => (this.#resolveMetadataReady = resolve));
    // Listen before anything async so no early event or request is dropped.
    this.bus = new ShardBus(this.id, this.shardCount, options.peers);
    this.bus.listen(
      (request) => this.execute(request),
      (event) => this.#onEvent(event),
      (request) => {
        // A batch whose request never reached its owner: its slot would otherwise stay lent.
        if (request.kind === 'appendMessages' && request.slot) this.pool.release(request.slot);
      },
    );
    this.controlPlane = this.id === CONTROL_PLANE_SHARD_ID ? new ControlPlane(this) : null;
    this.#socketMigrationEnabled = this.shardCount > 1 && this.config.tcp.socket_migration && platformSupport().socketHandoff;
  }

  /** tcp.socket_migration, where this platform can hand sockets between threads. */
  get socketMigrationEnabled(): boolean {
    return this.#socketMigrationEnabled;
  }

  get isControlPlane(): boolean {
    return this.controlPlane !== null;
  }

  /** The local read copy of the metadata (on the control plane: the live model). */
  get metadata(): Metadata {
    if (!this.#metadata) throw new Error(`shard ${this.id}: metadata not loaded`);
    return this.#metadata;
  }

  /**
   * Start-up: the control plane loads the state log and publishes it; every shard then opens
   * the partitions it owns, and finally starts serving. Returns the bound TCP address, if any.
   */
  async start(
    listenTcp: { host: string; port: number; fd: number | null } | null,
    listenQuic: QuicListen | null = null,
  ): Promise<{ tcpAddress: string | null; quicAddress: string | null; rootPassword: string | null }> {
    let rootPassword: string | null = null;
    if (this.controlPlane) {
      rootPassword = await this.controlPlane.open(this.options.rootCredentials);
    }
    await this.#metadataReady;
    await this.#openOwnedPartitions();
    this.partitions.loading = false;
    let tcpAddress: string | null = null;
    if (this.config.tcp.enabled) {
      // Every shard can serve TCP connections: accepted on its own SO_REUSEPORT listener, or
      // handed over from another shard (socket migration) even where it does not listen.
      this.#tcpServer = new TcpServer(
        this.dispatcher,
        this.clients,
        this.logger,
        (session) => this.onSessionClosed(session),
        (connection, target) => void this.#migrateConnection(connection, target),
        this.pool,
      );
    }
    if (listenTcp && this.#tcpServer) {
      const tlsMaterial = this.config.tcp.tls.enabled ? await loadTlsMaterial(this.config.tcp.tls, this.logger) : null;
      tcpAddress = await this.#tcpServer.listen(listenTcp.host, listenTcp.port, tlsMaterial, listenTcp.fd);
      this.boundTcpAddress = tcpAddress;
    }
    let quicAddress: string | null = null;
    if (listenQuic) {
      this.#quicServer = new QuicServer(this.config.quic, this.dispatcher, this.clients, this.logger, (session) => this.onSessionClosed(session));
      // Certificate bytes arrive from the coordinator as plain Uint8Arrays (structured clone).
      quicAddress = this.#quicServer.listen({ ...listenQuic, certPem: Buffer.from(listenQuic.certPem), keyPem: Buffer.from(listenQuic.keyPem) });
    }
    this.#startTasks();
    return { tcpAddress, quicAddress, rootPassword };
  }

  /** Periodic tasks: heartbeat verifier (shards with a listener), PAT cleaner (control plane). */
  /**
   * Moves a connection to `targetShardId` (tcp.socket_migration): detach here (dup'd fd plus the
   * bytes read but not handled), adopt there. If the hand-off fails the connection is closed;
   * the client reconnects and nothing it was acknowledged for is lost.
   */
  async #migrateConnection(connection: TcpConnection, targetShardId: number): Promise<void> {
    let detached;
    try {
      detached = await connection.detach();
    } catch (error) {
      this.logger.debug({ err: error, clientId: connection.session.clientId }, 'socket migration: connection closed during detach');
      return;
    }
    try {
      await this.bus.sendToShard(targetShardId, { kind: 'adoptConnection', fd: detached.fd, leftover: detached.leftover, session: detached.session });
      this.metrics.connectionsMigratedOut++;
    } catch (error) {
      // Only an explicit refusal means the target never took the fd; after a timeout it may
      // still adopt it, and closing here could close a number the kernel has reused.
      if (IggyError.is(error) && error.code === ErrorCode.Disconnected) closeFd(detached.fd);
      this.logger.error({ err: error, clientId: detached.session.clientId, targetShardId }, 'socket migration: target did not adopt the connection');
    }
  }

  #adoptConnection(request: Extract<ShardRequest, { kind: 'adoptConnection' }>): null {
    // Refused (the sender closes the fd): no TCP here, or this shard is already draining.
    if (!this.#tcpServer || this.#stopping) throw new IggyError(ErrorCode.Disconnected, `shard ${this.id} does not take connections now`);
    this.#tcpServer.adopt(adoptSocket(request.fd, request.leftover), request.session);
    this.metrics.connectionsMigratedIn++;
    return null;
  }

  #startTasks(): void {
    const maintenance = this.config.data_maintenance.messages;
    if (maintenance.cleaner_enabled) {
      this.#messageCleaner = new MessageCleanerTask(this, maintenance.interval, this.logger);
      this.#messageCleaner.start();
    }
    const tcpServer = this.#tcpServer;
    if (this.config.heartbeat.enabled && tcpServer) {
      this.#heartbeatVerifier = new HeartbeatVerifierTask({
        intervalMs: this.config.heartbeat.interval,
        closeConnections: (predicate) => tcpServer.closeConnections(predicate),
        logger: this.logger,
      });
      this.#heartbeatVerifier.start();
    }
    const controlPlane = this.controlPlane;
    if (controlPlane && this.config.personal_access_token.cleaner.enabled) {
      this.#tokenCleaner = new PersonalAccessTokenCleanerTask({
        intervalMs: this.config.personal_access_token.cleaner.interval,
        deleteExpired: () => controlPlane.deleteExpiredPersonalAccessTokens(),
        logger: this.logger,
      });
      this.#tokenCleaner.start();
    }
  }

  async #openOwnedPartitions(): Promise<void> {
    const metadata = this.metadata;
    for (const stream of metadata.streams.values()) {
      for (const topic of stream.topics.values()) {
        for (const partition of topic.partitions) {
          const address = partitionAddress(stream.id, topic.id, partition.id);
          if (this.bus.ownerOf(address) !== this.id) continue;
          await this.partitions.open(address, partition.createdAtMicros);
        }
      }
    }
  }

  /** Installs a new metadata version (control plane: its own live model, others: a snapshot copy). */
  installMetadata(metadata: Metadata, version: number): void {
    if (version <= this.#metadataVersion) return;
    this.#metadata = metadata;
    this.#metadataVersion = version;
    this.#resolveMetadataReady();
  }

  #onEvent(event: ShardEvent): void {
    switch (event.kind) {
      case 'metadataSnapshot':
        if (this.controlPlane) return; // the control plane's model is the original
        this.installMetadata(Metadata.fromSnapshot(event.snapshot), event.version);
        return;
      case 'groupMembership':
        if (event.version <= this.#groupMembershipVersion) return;
        this.#groupMembershipVersion = event.version;
        this.groupMembership = event.groups;
        this.#pruneJoinedGroups();
        return;
    }
  }

  /** Sessions forget memberships of groups that no longer exist (deleted group, topic or stream). */
  #pruneJoinedGroups(): void {
    for (const session of this.clients.sessions()) {
      if (session.joinedGroups.length === 0) continue;
      const kept = session.joinedGroups.filter((g) => this.groupMembership.has(groupKey(g.streamId, g.topicId, g.groupId)));
      if (kept.length !== session.joinedGroups.length) session.joinedGroups.splice(0, session.joinedGroups.length, ...kept);
    }
  }

  /** Executes a bus request addressed to this shard (from this shard or another). */
  async execute(request: ShardRequest): Promise<unknown> {
    switch (request.kind) {
      case 'appendMessages':
        return this.partitions.append(request);
      case 'pollMessages':
        return this.partitions.poll(request);
      case 'getConsumerOffset':
        return this.partitions.getConsumerOffset(request);
      case 'storeConsumerOffset':
        return this.partitions.storeConsumerOffset(request);
      case 'deleteConsumerOffset':
        return this.partitions.deleteConsumerOffset(request);
      case 'flushPartition':
        return this.partitions.flush(request);
      case 'deleteSegments':
        return this.partitions.deleteSegments(request);
      case 'initPartition':
        await this.partitions.open(request, request.createdAtMicros);
        return null;
      case 'purgePartition':
        return this.partitions.purge(request);
      case 'deletePartition':
        return this.partitions.delete(request);
      case 'deleteGroupOffsets':
        return this.partitions.deleteGroupOffsets(request);
      case 'setGroupGate':
        return this.partitions.setGroupGate(request);
      case 'handOverGroupPartition':
        return this.partitions.handOverGroupPartition(request);
      case 'joinConsumerGroup':
        await this.#requireControlPlane().groups.join(request.streamId, request.topicId, request.groupId, request.clientId, request.shardId);
        return null;
      case 'leaveConsumerGroup':
        await this.#requireControlPlane().groups.leave(request.streamId, request.topicId, request.groupId, request.clientId, request.shardId);
        return null;
      case 'groupClientGone':
        await this.#requireControlPlane().groups.clientGone(request.clientId, request.shardId);
        return null;
      case 'checkGroupRevocations':
        await this.#requireControlPlane().groups.checkRevocations();
        return null;
      case 'metadataCommand':
        return this.#requireControlPlane().execute(request.userId, request.command);
      case 'collectPartitionStats':
        return this.partitions.stats(request.streamId, request.topicId);
      case 'collectClients':
        return this.clients.describe();
      case 'adoptConnection':
        return this.#adoptConnection(request);
      case 'disconnectUserClients':
        return (
          (this.#tcpServer?.closeConnections((session) => session.userId === request.userId) ?? 0) +
          (this.#quicServer?.closeConnections((session) => session.userId === request.userId) ?? 0)
        );
    }
  }

  metricsSnapshot(): ShardMetricsSnapshot {
    const m = this.metrics;
    return {
      shardId: this.id,
      messagesSent: m.messagesSent,
      bytesSent: m.bytesSent,
      messagesPolled: m.messagesPolled,
      requestsForwarded: m.requestsForwarded,
      connectionsMigratedOut: m.connectionsMigratedOut,
      connectionsMigratedIn: m.connectionsMigratedIn,
      connections: this.clients.size,
      partitions: this.partitions.localPartitions.size,
      pool: this.isControlPlane ? this.pool.counters() : null,
    };
  }

  #requireControlPlane(): ControlPlane {
    if (!this.controlPlane) throw new Error(`shard ${this.id} is not the control plane`);
    return this.controlPlane;
  }

  /** A connection of this shard closed: it leaves its consumer groups (on the control plane). */
  onSessionClosed(session: Session): void {
    for (const joined of session.joinedGroups) {
      this.groupCursors.delete(groupCursorKey(groupKey(joined.streamId, joined.topicId, joined.groupId), session.clientId));
    }
    // A join still in flight is ordered before this message on the same port, so it is undone too.
    if (session.joinedGroups.length === 0 && session.joinsInFlight === 0 && !session.groupJoinUncertain) return;
    this.bus.sendToControlPlane({ kind: 'groupClientGone', clientId: session.clientId, shardId: this.id }).catch((error: unknown) => {
      this.logger.warn({ err: error, clientId: session.clientId }, 'could not remove a closed connection from its consumer groups');
    });
  }

  /** Phase one of shutdown: stop taking connections and requests, answer what is in flight. */
  async drain(drainTimeoutMs: number): Promise<void> {
    this.#stopping = true;
    // Its rounds ask every shard for statistics: finish them while every peer still answers.
    await this.#messageCleaner?.stop();
    await Promise.all([this.#tcpServer?.close(drainTimeoutMs), this.#quicServer?.close(drainTimeoutMs)]);
  }

  /** Drain: stop accepting, finish in-flight requests, tell clients, flush and close partitions. */
  /**
   * Phase two of shutdown, once every shard has drained (so no shard still forwards to this one):
   * stop tasks, flush and close partitions, close the state log.
   */
  async stop(drainTimeoutMs: number): Promise<void> {
    if (!this.#stopping) await this.drain(drainTimeoutMs);
    this.#heartbeatVerifier?.stop();
    await this.#tokenCleaner?.stop();
    await this.#messageCleaner?.stop();
    await this.partitions.closeAll();
    await this.controlPlane?.close();
  }

  closeBus(): void {
    this.bus.close();
  }
}

export function partitionAddress(streamId: number, topicId: number, partitionId: number): PartitionAddress {
  return { key: partitionKey(streamId, topicId, partitionId), streamId, topicId, partitionId };
}
