/**
 * The control plane: the single writer of metadata (Iggy: shard 0). It resolves each command
 * against the live model, commits it to the state log (MetadataStore), carries out the data
 * side effects on the partition owners (open, purge, delete files), and only then publishes the
 * new metadata version to every shard. Commands run one at a time through one queue, so a
 * delete and a create that reuses the freed id can never interleave their file work.
 *
 * Runs on: the CONTROL_PLANE_SHARD_ID shard only.
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { U64_MAX } from '@iggy-node/protocol';
import type { ServerConfig } from '../config/server-config.js';
import type { StreamMeta, TopicDefaults, TopicMeta } from '../metadata/metadata-model.js';
import { MetadataStore } from '../metadata/metadata-store.js';
import type { ControlPlaneCommand, ControlPlaneResult } from './metadata-commands.js';
import { ConsumerGroupCoordinator } from '../consumer-groups/consumer-group-coordinator.js';
import { partitionAddress } from '../bus/namespace.js';
import type { Shard } from './shard.js';

export class ControlPlane {
  #store: MetadataStore | null = null;
  #queue: Promise<unknown> = Promise.resolve();
  /** Live consumer-group membership; rebalanced when metadata changes. */
  readonly groups: ConsumerGroupCoordinator;

  constructor(private readonly shard: Shard) {
    this.groups = new ConsumerGroupCoordinator(shard);
  }

  get store(): MetadataStore {
    if (!this.#store) throw new Error('control plane not open');
    return this.#store;
  }

  /** Loads the state log, creates root if needed, publishes version 1. Returns a generated root password. */
  async open(rootCredentials: { username: string; password: string } | null): Promise<string | null> {
    const config = this.shard.config;
    const result = await MetadataStore.open({
      statePath: path.join(config.system.path, 'state'),
      enforceFsync: config.system.state.enforce_fsync,
      rootCredentials,
      topicDefaults: topicDefaultsOf(config),
      maxTokensPerUser: config.personal_access_token.max_tokens_per_user,
    });
    for (const warning of result.warnings) this.shard.logger.warn({ warning }, 'state log repaired');
    this.#store = result.store;
    this.#publish();
    this.groups.start();
    return result.generatedRootPassword;
  }

  execute(userId: number, command: ControlPlaneCommand): Promise<ControlPlaneResult> {
    const run = this.#queue.then(() => this.#executeNow(userId, command));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Publishes whenever the state log moved, also when a side effect after the commit failed:
   * otherwise the control plane's live model and the other shards' copies would disagree.
   */
  async #executeNow(userId: number, command: ControlPlaneCommand): Promise<ControlPlaneResult> {
    const versionBefore = this.store.version;
    try {
      return await this.#apply(userId, command);
    } finally {
      if (this.store.version !== versionBefore) {
        this.#publish();
        await this.groups.onMetadataChanged();
      }
    }
  }

  async #apply(userId: number, command: ControlPlaneCommand): Promise<ControlPlaneResult> {
    const store = this.store;
    let result: ControlPlaneResult = {};
    switch (command.kind) {
      case 'createStream': {
        const stream = await store.createStream(command.name, userId);
        await mkdir(this.#streamDirectory(stream.id), { recursive: true });
        result = { streamId: stream.id };
        break;
      }
      case 'updateStream':
        result = { streamId: (await store.updateStream(command.streamId, command.name, userId)).id };
        break;
      case 'deleteStream': {
        const stream = await store.deleteStream(command.streamId, userId);
        await this.#deleteStreamData(stream);
        result = { streamId: stream.id };
        break;
      }
      case 'purgeStream': {
        const stream = store.metadata.getStream(command.streamId);
        for (const topic of stream.topics.values()) await this.#forEachPartition(topic, 'purgePartition');
        return { streamId: stream.id };
      }
      case 'createTopic': {
        const topic = await store.createTopic(command.streamId, command.params, userId);
        await this.#forEachPartition(topic, 'initPartition');
        result = { streamId: topic.streamId, topicId: topic.id };
        break;
      }
      case 'updateTopic': {
        const topic = await store.updateTopic(command.streamId, command.topicId, command.params, userId);
        result = { streamId: topic.streamId, topicId: topic.id };
        break;
      }
      case 'deleteTopic': {
        const topic = await store.deleteTopic(command.streamId, command.topicId, userId);
        await this.#forEachPartition(topic, 'deletePartition');
        await rm(this.#topicDirectory(topic.streamId, topic.id), { recursive: true, force: true });
        result = { streamId: topic.streamId, topicId: topic.id };
        break;
      }
      case 'purgeTopic': {
        const topic = store.metadata.getTopic(command.streamId, command.topicId);
        await this.#forEachPartition(topic, 'purgePartition');
        return { streamId: topic.streamId, topicId: topic.id };
      }
      case 'createPartitions': {
        const created = await store.createPartitions(command.streamId, command.topicId, command.partitionsCount, userId);
        const topic = store.metadata.getTopic(command.streamId, command.topicId);
        // All opens are posted in one synchronous run, so a send that picks a new partition is
        // queued behind its open (same port, or the owner's pending-open promise).
        await Promise.all(
          created.map((partition) =>
            this.shard.bus.sendToPartitionOwner({
              kind: 'initPartition',
              ...partitionAddress(topic.streamId, topic.id, partition.id),
              createdAtMicros: partition.createdAtMicros,
            }),
          ),
        );
        result = { streamId: topic.streamId, topicId: topic.id };
        break;
      }
      case 'deletePartitions': {
        const topic = store.metadata.getTopic(command.streamId, command.topicId);
        const removed = await store.deletePartitions(command.streamId, command.topicId, command.partitionsCount, userId);
        for (const partition of removed) {
          await this.shard.bus.sendToPartitionOwner({ kind: 'deletePartition', ...partitionAddress(topic.streamId, topic.id, partition.id) });
        }
        result = { streamId: topic.streamId, topicId: topic.id };
        break;
      }
      case 'createConsumerGroup': {
        const topic = store.metadata.getTopic(command.streamId, command.topicId);
        const group = await store.createConsumerGroup(command.streamId, command.topicId, command.name, userId);
        result = { streamId: topic.streamId, topicId: topic.id, groupId: group.id };
        break;
      }
      case 'deleteConsumerGroup': {
        const topic = store.metadata.getTopic(command.streamId, command.topicId);
        const group = await store.deleteConsumerGroup(command.streamId, command.topicId, command.groupId, userId);
        for (const partition of topic.partitions) {
          await this.shard.bus.sendToPartitionOwner({
            kind: 'deleteGroupOffsets',
            ...partitionAddress(topic.streamId, topic.id, partition.id),
            groupId: group.id,
          });
        }
        result = { streamId: topic.streamId, topicId: topic.id, groupId: group.id };
        break;
      }
      case 'createUser': {
        const user = await store.createUser(
          { username: command.username, password: command.password, status: command.status, permissions: command.permissions },
          userId,
        );
        result = { userId: user.id };
        break;
      }
      case 'updateUser':
        result = { userId: (await store.updateUser(command.userId, { username: command.username, status: command.status }, userId)).id };
        break;
      case 'deleteUser': {
        const user = await store.deleteUser(command.userId, userId);
        // Publish first so no shard can log a closed connection back in as the removed user,
        // then drop that user's connections everywhere (Iggy removes their client records).
        this.#publish();
        await this.shard.bus.sendToAllShards<'disconnectUserClients'>({ kind: 'disconnectUserClients', userId: user.id });
        return { userId: user.id };
      }
      case 'changePassword':
        result = { userId: (await store.changePassword(command.userId, command.currentPassword, command.newPassword, userId)).id };
        break;
      case 'updatePermissions':
        result = { userId: (await store.updatePermissions(command.userId, command.permissions, userId)).id };
        break;
      case 'createPersonalAccessToken': {
        const created = await store.createPersonalAccessToken(command.userId, command.name, command.expiryMicros ?? 0n);
        result = { userId: command.userId, token: created.token };
        break;
      }
      case 'deletePersonalAccessToken':
        await store.deletePersonalAccessToken(command.userId, command.name);
        result = { userId: command.userId };
        break;
    }
    return result;
  }

  /**
   * The PAT cleaner's sweep (Iggy: shard 0 only): drops expired tokens from memory (nothing is
   * logged; replay skips them) and republishes when any went. Resolves with how many went.
   */
  deleteExpiredPersonalAccessTokens(): Promise<number> {
    const run = this.#queue.then(async () => {
      const removed = await this.store.deleteExpiredPersonalAccessTokens();
      if (removed.length > 0) this.#publish();
      return removed.length;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #forEachPartition(topic: TopicMeta, kind: 'initPartition' | 'purgePartition' | 'deletePartition'): Promise<void> {
    await Promise.all(
      topic.partitions.map((partition) => {
        const address = partitionAddress(topic.streamId, topic.id, partition.id);
        return kind === 'initPartition'
          ? this.shard.bus.sendToPartitionOwner({ kind, ...address, createdAtMicros: partition.createdAtMicros })
          : this.shard.bus.sendToPartitionOwner({ kind, ...address });
      }),
    );
  }

  async #deleteStreamData(stream: StreamMeta): Promise<void> {
    for (const topic of stream.topics.values()) await this.#forEachPartition(topic, 'deletePartition');
    await rm(this.#streamDirectory(stream.id), { recursive: true, force: true });
  }

  #streamDirectory(streamId: number): string {
    return path.join(this.shard.config.system.path, this.shard.config.system.stream.path || 'streams', String(streamId));
  }

  #topicDirectory(streamId: number, topicId: number): string {
    return path.join(this.#streamDirectory(streamId), this.shard.config.system.topic.path || 'topics', String(topicId));
  }

  /** The control plane installs its live model directly and sends copies to the other shards. */
  #publish(): void {
    const store = this.store;
    this.shard.installMetadata(store.metadata, store.version + 1);
    if (this.shard.shardCount > 1) {
      this.shard.bus.broadcastToShards({ kind: 'metadataSnapshot', version: store.version + 1, snapshot: store.snapshot() });
    }
  }

  async close(): Promise<void> {
    this.groups.stop();
    await this.#queue;
    await this.#store?.close();
  }
}

function topicDefaultsOf(config: ServerConfig): TopicDefaults {
  const expiryMs = config.system.topic.message_expiry;
  const maxSize = config.system.topic.max_size;
  return {
    messageExpiryMicros: expiryMs === null ? U64_MAX : BigInt(expiryMs) * 1000n,
    maxTopicSizeBytes: maxSize === null ? U64_MAX : BigInt(maxSize),
    segmentSizeBytes: BigInt(config.system.segment.size),
  };
}
