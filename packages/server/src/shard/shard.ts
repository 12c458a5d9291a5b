/**
 * One shard: a worker thread with its own event loop that owns a subset of the partitions
 * (by hash), serves client connections, and keeps a read copy of the metadata. The shard named
 * CONTROL_PLANE_SHARD_ID additionally owns the metadata writer (ControlPlane).
 *
 * Runs on: its own worker thread (shard-main.ts creates exactly one Shard per thread).
 */
import type { MessagePort } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { PlacementScheme } from '../bus/partition-placement.js';
import { CONTROL_PLANE_SHARD_ID, ShardBus } from '../bus/shard-bus.js';
import { partitionAddress } from '../bus/namespace.js';
import type { PollResult, ShardEvent, ShardMetricsSnapshot, ShardRequest, ShardStorageHealth } from '../bus/shard-messages.js';
import type { ServerConfig } from '../config/server-config.js';
import { Metadata } from '../metadata/metadata.js';
import { ClientRegistry } from '../session/client-registry.js';
import { MemoryPool } from '../memory/memory-pool.js';
import { enableInPlaceChecksums } from '../memory/in-place-checksums.js';
import { releasePolledSlot } from '../memory/polled-records.js';
import { FAILING_PARTITIONS_REPORTED_MAX } from '../limits.js';
import type { MemoryPoolLayout } from '../memory/memory-pool-layout.js';
import type { SharedWasmMemory } from '@iggy-node/protocol';
import { ControlPlane } from './control-plane.js';
import { MessageCleanerTask } from './tasks/message-cleaner-task.js';
import { groupCursorKey, groupKey, type GroupStateTable } from '../consumer-groups/group-membership.js';
import type { Session } from '../session/session.js';
import { PartitionSystem } from './partition-system.js';
import { moduleLogger } from '../logging/create-logger.js';
import { ShardMetrics } from './shard-metrics.js';
import { metadataCounts } from './metadata-counts.js';
import { ShardMetricsRegistry } from './shard-metrics-registry.js';
import { HeartbeatVerifierTask } from './tasks/heartbeat-verifier-task.js';
import { PersonalAccessTokenCleanerTask } from './tasks/personal-access-token-cleaner-task.js';
import { BalancedPartitioner } from './operations/balanced-partitioner.js';
import type { ShardServices, TransportName } from './operations/context.js';
import { BinaryDispatcher } from '../transports/binary/binary-dispatcher.js';
import { binaryCommandTable } from '../transports/binary/command-table.js';
import type { ListenSpec, ShardTransport } from '../transports/shard-transport.js';
import { TRANSPORT_FACTORIES } from '../transports/transport-registry.js';
import { AccessTokenRevocations } from '../transports/http/jwt/access-token-revocations.js';
import type { MetricsScrape } from '../transports/http/routes/route-support.js';
import { TcpTransport } from '../transports/tcp/tcp-server.js';
import { requestTimeline } from '../diagnostics/request-timeline.js';
import { ErrorCode, IggyError } from '@iggy-node/protocol';

export interface ShardOptions {
  shardId: number;
  shardCount: number;
  config: ServerConfig;
  logger: Logger;
  peers: (MessagePort | null)[];
  /** Partition → shard formula recorded for this data directory (bus/partition-placement.ts). */
  placementScheme: PlacementScheme;
  rootCredentials: { username: string; password: string } | null;
  startedAtMicros: bigint;
  pool: { sharedBuffer: SharedArrayBuffer; layout: MemoryPoolLayout; wasmMemory?: SharedWasmMemory | null };
  /** The balanced-partitioning counters every shard shares (BalancedPartitioner.createBuffer). */
  balancedCounters: SharedArrayBuffer;
  /** This shard's listener per transport (absent: it serves no listener of that transport). */
  listeners: Partial<Record<TransportName, ListenSpec>>;
  /** /metrics on the HTTP listener: the coordinator renders it. */
  renderMetrics: (openMetrics: boolean) => Promise<MetricsScrape>;
  renderHealth: () => Promise<MetricsScrape>;
}

export class Shard implements ShardServices {
  readonly id: number;
  readonly shardCount: number;
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly bus: ShardBus;
  readonly clients: ClientRegistry;
  readonly partitions: PartitionSystem;
  readonly dispatcher: BinaryDispatcher;
  readonly metrics = new ShardMetrics();
  readonly #metricsRegistry: ShardMetricsRegistry;
  readonly startedAtMicros: bigint;
  /** The process-wide batch memory pool (shared memory, attached in every shard). */
  readonly pool: MemoryPool;
  /** Present only on the control-plane shard. */
  readonly controlPlane: ControlPlane | null;
  #metadata: Metadata | null = null;
  #metadataVersion = -1;
  #metadataReady: Promise<void>;
  #resolveMetadataReady!: () => void;
  /** Every transport this shard serves (transport-registry.ts). */
  #transports: ShardTransport[] = [];
  readonly #boundAddresses = new Map<TransportName, string>();
  #messageCleaner: MessageCleanerTask | null = null;
  /** Set when shutdown begins. */
  #draining = false;
  #heartbeatVerifier: HeartbeatVerifierTask | null = null;
  #tokenCleaner: PersonalAccessTokenCleanerTask | null = null;
  /** Consumer-group members and assignments as last published by the control plane. */
  groupMembership: GroupStateTable = new Map();
  #groupMembershipVersion = 0;
  /** Round-robin cursor of each group member on this shard, by `${groupKey}#${clientId}`. */
  readonly groupCursors = new Map<string, number>();
  /** Balanced partitioning: one counter per topic, shared by every shard (shared memory). */
  readonly balancedPartitioner: BalancedPartitioner;
  /** Revoked HTTP access tokens (the control plane keeps the file; every shard a copy). */
  readonly accessTokens: AccessTokenRevocations;

  constructor(private readonly options: ShardOptions) {
    this.id = options.shardId;
    this.shardCount = options.shardCount;
    this.config = options.config;
    this.logger = options.logger;
    this.startedAtMicros = options.startedAtMicros;
    this.clients = new ClientRegistry(this.id);
    this.pool = MemoryPool.attach(options.pool.sharedBuffer, options.pool.layout, options.pool.wasmMemory ?? null);
    const notInPlace = enableInPlaceChecksums(this.pool);
    if (notInPlace !== null && this.pool.wasmMemory !== null) this.logger.warn({ reason: notInPlace }, 'message checksums are computed on a copy of each batch');
    this.partitions = new PartitionSystem(this.config, moduleLogger(this.logger, 'server::storage'), this.pool, (address) => {
      if (!this.#metadata) return undefined;
      const topic = this.#metadata.findTopic(address.streamId, address.topicId);
      return topic?.partitions[address.partitionId]?.createdAtMicros;
    });
    this.balancedPartitioner = BalancedPartitioner.attach(options.balancedCounters);
    this.dispatcher = new BinaryDispatcher(this, binaryCommandTable(), this.logger);
    this.#metadataReady = new Promise((resolve) => (this.#resolveMetadataReady = resolve));
    // Listen before anything async so no early event or request is dropped.
    this.bus = new ShardBus(this.id, this.shardCount, options.peers, options.placementScheme);
    this.bus.listen(
      (request) => this.execute(request),
      (event) => this.#onEvent(event),
      (request) => {
        // A batch whose request never reached its owner: its slot would otherwise stay lent.
        if (request.kind === 'appendMessages' && request.slot) this.pool.release(request.slot);
      },
      (kind, response) => {
        // A poll answered after its caller gave up: the records' slot would stay lent.
        if (kind === 'pollMessages') releasePolledSlot(this.pool, (response as PollResult).records);
      },
    );
    this.controlPlane = this.id === CONTROL_PLANE_SHARD_ID ? new ControlPlane(this) : null;
    this.#metricsRegistry = new ShardMetricsRegistry({
      shardId: this.id,
      counters: this.metrics,
      clientsCount: () => this.clients.size,
      partitionStats: () => this.partitions.stats(null, null),
      metadata: () => ({ counts: metadataCounts(this.#metadata), countsReported: this.isControlPlane }),
      pool: () => (this.isControlPlane ? this.pool.counters() : null),
      storageHealth: () => this.storageHealth(),
    });
    this.accessTokens = new AccessTokenRevocations(this.bus, this.logger, this.controlPlane ? this.config.system.path : null);
  }

  boundAddress(transport: TransportName): string | null {
    return this.#boundAddresses.get(transport) ?? null;
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
   * Start-up, phase one: the control plane loads the state log and publishes it; every shard
   * then opens the partitions it owns and creates its transports, which can then adopt migrated
   * connections. No listener accepts yet: the coordinator calls listen() once every shard got
   * this far, so no connection is served by one shard and then moved to one still starting.
   */
  async start(): Promise<{ rootPassword: string | null }> {
    let rootPassword: string | null = null;
    if (this.controlPlane) {
      rootPassword = await this.controlPlane.open(this.options.rootCredentials);
    }
    await this.#metadataReady;
    await this.#openOwnedPartitions();
    this.partitions.loading = false;
    const host = {
      shard: this,
      config: this.config,
      logger: this.logger,
      dispatcher: this.dispatcher,
      clients: this.clients,
      pool: this.pool,
      listenSpec: (name: TransportName) => this.options.listeners[name] ?? null,
      onSessionClosed: (session: Session) => this.onSessionClosed(session),
      accessTokens: this.accessTokens,
      renderMetrics: this.options.renderMetrics,
      renderHealth: this.options.renderHealth,
    };
    // Every shard can serve every transport: accepted on its own SO_REUSEPORT listener, or (TCP)
    // handed over from another shard even where it does not listen.
    const transports = await Promise.all(TRANSPORT_FACTORIES.map((create) => create(host)));
    this.#transports = transports.filter((t): t is ShardTransport => t !== null);
    return { rootPassword };
  }

  /** Start-up, phase two (every shard is ready): accept connections. Returns the bound addresses. */
  async listen(): Promise<Partial<Record<TransportName, string>>> {
    const addresses: Partial<Record<TransportName, string>> = {};
    for (const transport of this.#transports) {
      const address = await transport.listen();
      if (address === null) continue;
      addresses[transport.name] = address;
      this.#boundAddresses.set(transport.name, address);
    }
    this.#startTasks();
    return addresses;
  }

  /** Addresses of the whole server (as the coordinator reports them), for cluster metadata. */
  setServerAddresses(addresses: Partial<Record<TransportName, string>>): void {
    for (const [name, address] of Object.entries(addresses) as [TransportName, string][]) {
      if (!this.#boundAddresses.has(name)) this.#boundAddresses.set(name, address);
    }
  }

  /** Closes matching connections on every transport; returns how many. */
  closeConnections(predicate: (session: Session) => boolean): number {
    let closed = 0;
    for (const transport of this.#transports) closed += transport.closeConnections(predicate);
    return closed;
  }

  #adoptConnection(request: Extract<ShardRequest, { kind: 'adoptConnection' }>): null {
    const tcp = this.#transports.find((t): t is TcpTransport => t instanceof TcpTransport);
    // Refused (the sender closes the fd): no TCP here.
    if (!tcp) throw new IggyError(ErrorCode.Disconnected, `shard ${this.id} does not serve TCP`);
    tcp.adoptMigrated(request.fd, request.leftover, request.session);
    return null;
  }

  #startTasks(): void {
    const maintenance = this.config.data_maintenance.messages;
    if (maintenance.cleaner_enabled) {
      this.#messageCleaner = new MessageCleanerTask(this, maintenance.interval, this.logger);
      this.#messageCleaner.start();
    }
    if (this.config.heartbeat.enabled && this.#transports.length > 0) {
      this.#heartbeatVerifier = new HeartbeatVerifierTask({
        intervalMs: this.config.heartbeat.interval,
        closeConnections: (predicate) => this.closeConnections(predicate),
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
      case 'revokeAccessToken':
      case 'accessTokenRevoked':
      case 'listRevokedAccessTokens':
        return this.accessTokens.execute(request);
      case 'disconnectUserClients':
        return this.closeConnections((session) => session.userId === request.userId);
    }
  }

  async metricsSnapshot(): Promise<ShardMetricsSnapshot> {
    return { shardId: this.id, metrics: await this.#metricsRegistry.json(), health: this.storageHealth() };
  }

  /** Partitions whose last write failed and the state log's state: /health and the metrics. */
  storageHealth(): ShardStorageHealth & { storageWriteFailures: number } {
    const failingPartitions: ShardStorageHealth['failingPartitions'] = [];
    let partitionsFailing = 0;
    let storageWriteFailures = 0;
    for (const partition of this.partitions.localPartitions.values()) {
      const health = partition.log.health;
      storageWriteFailures += partition.log.stats.failedWriteRounds;
      if (!health.failing && !health.repairPending) continue;
      partitionsFailing += 1;
      if (failingPartitions.length < FAILING_PARTITIONS_REPORTED_MAX) failingPartitions.push({ directory: partition.directory, error: health.lastError });
    }
    return { partitionsFailing, storageWriteFailures, stateLogFailing: this.controlPlane?.storeFailing ? 1 : 0, failingPartitions };
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
    this.#draining = true;
    // Its rounds ask every shard for statistics: finish them while every peer still answers.
    await this.#messageCleaner?.stop();
    await Promise.all(this.#transports.map((transport) => transport.close(drainTimeoutMs)));
  }

  /**
   * Phase two of shutdown, once every shard has drained (so no shard still forwards to this one):
   * stop tasks, flush and close partitions, close the state log.
   */
  async stop(drainTimeoutMs: number): Promise<void> {
    if (!this.#draining) await this.drain(drainTimeoutMs);
    this.#heartbeatVerifier?.stop();
    await this.#tokenCleaner?.stop();
    await this.#messageCleaner?.stop();
    await this.partitions.closeAll();
    await this.controlPlane?.close();
    requestTimeline?.stop();
  }

  closeBus(): void {
    this.bus.close();
  }
}
