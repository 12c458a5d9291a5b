import {
  ErrorCode,
  IggyError,
  NAME_LENGTH_MAX,
  PARTITIONS_PER_REQUEST_MAX,
  PAT_NAME_LENGTH_MAX,
  PAT_NAME_LENGTH_MIN,
  U64_MAX,
  USERNAME_LENGTH_MAX,
  USERNAME_LENGTH_MIN,
  formatIdentifier,
  type Identifier,
  type Permissions,
} from '@iggy-node/protocol';
import { assert } from '../assert.js';
import type { MetadataCommand } from './metadata-command.js';
import type {
  ConsumerGroupMeta,
  CreateTopicParams,
  CreateUserParams,
  MetadataSnapshot,
  PartitionMeta,
  PersonalAccessTokenMeta,
  StreamMeta,
  TopicDefaults,
  TopicMeta,
  UpdateTopicParams,
  UpdateUserParams,
  UserMeta,
} from './metadata-model.js';
import { Slab } from './slab.js';

type CommandOf<K extends MetadataCommand['kind']> = Extract<MetadataCommand, { kind: K }>;

/** What applying each kind of command returns (the created, changed or removed object). */
export interface MetadataCommandResults {
  CreateStream: StreamMeta;
  UpdateStream: StreamMeta;
  DeleteStream: StreamMeta;
  CreateTopic: TopicMeta;
  UpdateTopic: TopicMeta;
  DeleteTopic: TopicMeta;
  CreatePartitions: PartitionMeta[];
  DeletePartitions: PartitionMeta[];
  CreateConsumerGroup: ConsumerGroupMeta;
  DeleteConsumerGroup: ConsumerGroupMeta;
  CreateUser: UserMeta;
  UpdateUser: UserMeta;
  DeleteUser: UserMeta;
  ChangePassword: UserMeta;
  UpdatePermissions: UserMeta;
  CreatePersonalAccessToken: PersonalAccessTokenMeta;
  DeletePersonalAccessToken: PersonalAccessTokenMeta;
}

/** Iggy's root user id (`DEFAULT_ROOT_USER_ID`). */
export const ROOT_USER_ID = 0;

const STREAM_NAME_LENGTH_MIN = 1;
const TOPIC_NAME_LENGTH_MIN = 1;
const CONSUMER_GROUP_NAME_LENGTH_MIN = 1;
/** Iggy 0.7: CreateTopic accepts 0 partitions; Create/DeletePartitions need at least 1. */
const TOPIC_PARTITIONS_COUNT_MIN = 0;
const PARTITIONS_CHANGE_COUNT_MIN = 1;

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function checkLength(text: string, min: number, max: number, code: number, what: string): void {
  const length = byteLength(text);
  if (length < min || length > max) throw new IggyError(code, `${what} of ${length} bytes (allowed ${min}..=${max})`);
}

function checkCount(count: number, min: number, code: number): void {
  if (!Number.isInteger(count) || count < min || count > PARTITIONS_PER_REQUEST_MAX) {
    throw new IggyError(code, `partitions count ${count} (allowed ${min}..=${PARTITIONS_PER_REQUEST_MAX})`);
  }
}

/** 0 / null / absent mean "not set" → 1 (server-semantics.md §1.4). */
function resolveReplicationFactor(value: number | null | undefined): number {
  if (value === undefined || value === null || value === 0) return 1;
  if (!Number.isInteger(value) || value < 0 || value > 255) {
    throw new IggyError(ErrorCode.InvalidReplicationFactor, `${value}`);
  }
  return value;
}

/**
 * The in-memory metadata model: streams → topics → partitions and consumer groups, users and
 * personal access tokens. Each mutating command has a `plan*` method that validates exactly as
 * Iggy 0.7 does (same error codes, same order: request validation, then not-found, then the
 * operation's own checks) and returns a fully resolved MetadataCommand without changing
 * anything, and `apply()` which performs such a command. The convenience methods
 * (`createStream` …) do both. MetadataStore plans, appends to the state log, then applies, so a
 * failed append leaves nothing to roll back. Permission checks are not made here.
 *
 * One writer: the control-plane thread owns the authoritative instance; other threads hold
 * read-only copies built with `Metadata.fromSnapshot`.
 */
export class Metadata {
  /** Read-only for callers; change the model only through the command methods. */
  readonly streams = new Slab<StreamMeta>();
  readonly users = new Slab<UserMeta>();
  #streamIdByName = new Map<string, number>();
  #userIdByName = new Map<string, number>();
  #tokensByUserId = new Map<number, Map<string, PersonalAccessTokenMeta>>();
  #tokenByHash = new Map<string, PersonalAccessTokenMeta>();

  // ---------------------------------------------------------------- lookups

  findStream(streamId: Identifier): StreamMeta | undefined {
    if (typeof streamId === 'number') return this.streams.get(streamId);
    const id = this.#streamIdByName.get(streamId);
    return id === undefined ? undefined : this.streams.get(id);
  }

  /** Throws 1009 stream_id_not_found (used for names too, as Iggy 0.7 does). */
  getStream(streamId: Identifier): StreamMeta {
    const stream = this.findStream(streamId);
    if (stream === undefined) throw new IggyError(ErrorCode.StreamIdNotFound, formatIdentifier(streamId));
    return stream;
  }

  findTopic(streamId: Identifier, topicId: Identifier): TopicMeta | undefined {
    const stream = this.findStream(streamId);
    return stream === undefined ? undefined : findTopicIn(stream, topicId);
  }

  /** Throws 1009 when the stream is missing, 2010 topic_id_not_found when the topic is. */
  getTopic(streamId: Identifier, topicId: Identifier): TopicMeta {
    const stream = this.getStream(streamId);
    const topic = findTopicIn(stream, topicId);
    if (topic === undefined) {
      throw new IggyError(ErrorCode.TopicIdNotFound, `${formatIdentifier(topicId)} in stream ${stream.id}`);
    }
    return topic;
  }

  /** Throws 1009 / 2010, then 3007 partition_not_found. */
  getPartition(streamId: Identifier, topicId: Identifier, partitionId: number): PartitionMeta {
    const topic = this.getTopic(streamId, topicId);
    const partition = Number.isInteger(partitionId) ? topic.partitions[partitionId] : undefined;
    if (partition === undefined) {
      throw new IggyError(ErrorCode.PartitionNotFound, `${partitionId} in topic ${topic.id} of stream ${topic.streamId}`);
    }
    return partition;
  }

  findConsumerGroup(streamId: Identifier, topicId: Identifier, groupId: Identifier): ConsumerGroupMeta | undefined {
    const topic = this.findTopic(streamId, topicId);
    return topic === undefined ? undefined : findGroupIn(topic, groupId);
  }

  /** Throws 1009 / 2010, then 5000 consumer_group_id_not_found. */
  getConsumerGroup(streamId: Identifier, topicId: Identifier, groupId: Identifier): ConsumerGroupMeta {
    const topic = this.getTopic(streamId, topicId);
    const group = findGroupIn(topic, groupId);
    if (group === undefined) {
      throw new IggyError(
        ErrorCode.ConsumerGroupIdNotFound,
        `${formatIdentifier(groupId)} in topic ${topic.id} of stream ${topic.streamId}`,
      );
    }
    return group;
  }

  /** A number is a user id, a string a username. */
  findUser(userId: Identifier): UserMeta | undefined {
    if (typeof userId === 'number') return this.users.get(userId);
    return this.findUserByUsername(userId);
  }

  /** Throws 20 resource_not_found, Iggy's answer for a missing user in user commands. */
  getUser(userId: Identifier): UserMeta {
    const user = this.findUser(userId);
    if (user === undefined) throw new IggyError(ErrorCode.ResourceNotFound, `user ${formatIdentifier(userId)}`);
    return user;
  }

  findUserByUsername(username: string): UserMeta | undefined {
    const id = this.#userIdByName.get(username);
    return id === undefined ? undefined : this.users.get(id);
  }

  /** The user's tokens ordered by name (expired ones included until they are cleaned). */
  personalAccessTokensOf(userId: number): PersonalAccessTokenMeta[] {
    const tokens = [...(this.#tokensByUserId.get(userId)?.values() ?? [])];
    return tokens.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  findPersonalAccessToken(userId: number, name: string): PersonalAccessTokenMeta | undefined {
    return this.#tokensByUserId.get(userId)?.get(name);
  }

  findPersonalAccessTokenByHash(tokenHash: string): PersonalAccessTokenMeta | undefined {
    return this.#tokenByHash.get(tokenHash);
  }

  // ---------------------------------------------------------------- plans (validate, no change)

  planCreateStream(name: string): CommandOf<'CreateStream'> {
    checkLength(name, STREAM_NAME_LENGTH_MIN, NAME_LENGTH_MAX, ErrorCode.InvalidStreamName, 'stream name');
    if (this.#streamIdByName.has(name)) throw new IggyError(ErrorCode.StreamNameAlreadyExists, JSON.stringify(name));
    return { kind: 'CreateStream', streamId: this.streams.nextId(), name };
  }

  planUpdateStream(streamId: Identifier, name: string): CommandOf<'UpdateStream'> {
    checkLength(name, STREAM_NAME_LENGTH_MIN, NAME_LENGTH_MAX, ErrorCode.InvalidStreamName, 'stream name');
    const stream = this.getStream(streamId);
    const holder = this.#streamIdByName.get(name);
    if (holder !== undefined && holder !== stream.id) {
      throw new IggyError(ErrorCode.StreamNameAlreadyExists, JSON.stringify(name));
    }
    return { kind: 'UpdateStream', streamId: stream.id, name };
  }

  planDeleteStream(streamId: Identifier): CommandOf<'DeleteStream'> {
    return { kind: 'DeleteStream', streamId: this.getStream(streamId).id };
  }

  /**
   * Resolves server defaults the way the running Iggy server does (0 → configured value) and
   * persists the resolved values, so a restart cannot turn them into "0 bytes" (Iggy's replay
   * quirk, server-semantics.md §1.5).
   */
  planCreateTopic(streamId: Identifier, params: CreateTopicParams, defaults: TopicDefaults): CommandOf<'CreateTopic'> {
    checkLength(params.name, TOPIC_NAME_LENGTH_MIN, NAME_LENGTH_MAX, ErrorCode.InvalidTopicName, 'topic name');
    checkCount(params.partitionsCount, TOPIC_PARTITIONS_COUNT_MIN, ErrorCode.TooManyPartitions);
    const replicationFactor = resolveReplicationFactor(params.replicationFactor);
    const stream = this.getStream(streamId);
    if (findTopicIn(stream, params.name) !== undefined) {
      throw new IggyError(ErrorCode.TopicNameAlreadyExists, `${JSON.stringify(params.name)} in stream ${stream.id}`);
    }
    const messageExpiryMicros = params.messageExpiryMicros === 0n ? defaults.messageExpiryMicros : params.messageExpiryMicros;
    let maxTopicSizeBytes = params.maxTopicSizeBytes;
    if (maxTopicSizeBytes === 0n) {
      maxTopicSizeBytes = defaults.maxTopicSizeBytes;
    } else if (maxTopicSizeBytes !== U64_MAX && maxTopicSizeBytes < defaults.segmentSizeBytes) {
      throw new IggyError(
        ErrorCode.InvalidTopicSize,
        `max topic size ${maxTopicSizeBytes} B is below the segment size ${defaults.segmentSizeBytes} B`,
      );
    }
    return {
      kind: 'CreateTopic',
      streamId: stream.id,
      topicId: stream.topics.nextId(),
      name: params.name,
      partitionsCount: params.partitionsCount,
      compression: params.compression,
      messageExpiryMicros,
      maxTopicSizeBytes,
      replicationFactor,
    };
  }

  /**
   * Iggy 0.7 stores UpdateTopic values as sent (0 stays "server default", no size check).
   * Pass `defaults` to resolve 0 like CreateTopic does instead (recommended by the reference);
   * without it the Iggy behaviour is kept.
   */
  planUpdateTopic(
    streamId: Identifier,
    topicId: Identifier,
    params: UpdateTopicParams,
    defaults?: TopicDefaults,
  ): CommandOf<'UpdateTopic'> {
    checkLength(params.name, TOPIC_NAME_LENGTH_MIN, NAME_LENGTH_MAX, ErrorCode.InvalidTopicName, 'topic name');
    const replicationFactor = resolveReplicationFactor(params.replicationFactor);
    const topic = this.getTopic(streamId, topicId);
    const stream = this.getStream(topic.streamId);
    const holder = findTopicIn(stream, params.name);
    if (holder !== undefined && holder.id !== topic.id) {
      throw new IggyError(ErrorCode.TopicNameAlreadyExists, `${JSON.stringify(params.name)} in stream ${stream.id}`);
    }
    let { messageExpiryMicros, maxTopicSizeBytes } = params;
    if (defaults !== undefined) {
      if (messageExpiryMicros === 0n) messageExpiryMicros = defaults.messageExpiryMicros;
      if (maxTopicSizeBytes === 0n) maxTopicSizeBytes = defaults.maxTopicSizeBytes;
    }
    return {
      kind: 'UpdateTopic',
      streamId: topic.streamId,
      topicId: topic.id,
      name: params.name,
      compression: params.compression,
      messageExpiryMicros,
      maxTopicSizeBytes,
      replicationFactor,
    };
  }

  planDeleteTopic(streamId: Identifier, topicId: Identifier): CommandOf<'DeleteTopic'> {
    const topic = this.getTopic(streamId, topicId);
    return { kind: 'DeleteTopic', streamId: topic.streamId, topicId: topic.id };
  }

  planCreatePartitions(streamId: Identifier, topicId: Identifier, partitionsCount: number): CommandOf<'CreatePartitions'> {
    checkCount(partitionsCount, PARTITIONS_CHANGE_COUNT_MIN, ErrorCode.TooManyPartitions);
    const topic = this.getTopic(streamId, topicId);
    return { kind: 'CreatePartitions', streamId: topic.streamId, topicId: topic.id, partitionsCount };
  }

  planDeletePartitions(streamId: Identifier, topicId: Identifier, partitionsCount: number): CommandOf<'DeletePartitions'> {
    checkCount(partitionsCount, PARTITIONS_CHANGE_COUNT_MIN, ErrorCode.TooManyPartitions);
    const topic = this.getTopic(streamId, topicId);
    if (partitionsCount > topic.partitions.length) {
      throw new IggyError(
        ErrorCode.InvalidPartitionsCount,
        `cannot delete ${partitionsCount} of ${topic.partitions.length} partitions`,
      );
    }
    return { kind: 'DeletePartitions', streamId: topic.streamId, topicId: topic.id, partitionsCount };
  }

  planCreateConsumerGroup(streamId: Identifier, topicId: Identifier, name: string): CommandOf<'CreateConsumerGroup'> {
    checkLength(name, CONSUMER_GROUP_NAME_LENGTH_MIN, NAME_LENGTH_MAX, ErrorCode.InvalidConsumerGroupName, 'consumer group name');
    const topic = this.getTopic(streamId, topicId);
    if (findGroupIn(topic, name) !== undefined) {
      throw new IggyError(ErrorCode.ConsumerGroupNameAlreadyExists, `${JSON.stringify(name)} in topic ${topic.id}`);
    }
    return {
      kind: 'CreateConsumerGroup',
      streamId: topic.streamId,
      topicId: topic.id,
      groupId: topic.consumerGroups.nextId(),
      name,
    };
  }

  planDeleteConsumerGroup(streamId: Identifier, topicId: Identifier, groupId: Identifier): CommandOf<'DeleteConsumerGroup'> {
    const topic = this.getTopic(streamId, topicId);
    const group = this.getConsumerGroup(topic.streamId, topic.id, groupId);
    return { kind: 'DeleteConsumerGroup', streamId: topic.streamId, topicId: topic.id, groupId: group.id };
  }

  /** The password must already be hashed (MetadataStore does that; length checks too). */
  planCreateUser(params: CreateUserParams, userId: number = this.users.nextId()): CommandOf<'CreateUser'> {
    checkLength(params.username, USERNAME_LENGTH_MIN, USERNAME_LENGTH_MAX, ErrorCode.InvalidUsername, 'username');
    assert(params.passwordHash.length > 0, 'createUser needs a password hash');
    if (this.#userIdByName.has(params.username)) {
      throw new IggyError(ErrorCode.UserAlreadyExists, JSON.stringify(params.username));
    }
    assert(!this.users.has(userId), `user id ${userId} is taken`);
    return {
      kind: 'CreateUser',
      userId,
      username: params.username,
      passwordHash: params.passwordHash,
      status: params.status,
      permissions: params.permissions,
    };
  }

  /** Renaming or deactivating root is allowed (Iggy has no check there). */
  planUpdateUser(userId: Identifier, params: UpdateUserParams): CommandOf<'UpdateUser'> {
    const username = params.username ?? null;
    if (username !== null) {
      checkLength(username, USERNAME_LENGTH_MIN, USERNAME_LENGTH_MAX, ErrorCode.InvalidUsername, 'username');
    }
    const user = this.getUser(userId);
    if (username !== null) {
      const holder = this.#userIdByName.get(username);
      if (holder !== undefined && holder !== user.id) throw new IggyError(ErrorCode.UserAlreadyExists, JSON.stringify(username));
    }
    return { kind: 'UpdateUser', userId: user.id, username, status: params.status ?? null };
  }

  planDeleteUser(userId: Identifier): CommandOf<'DeleteUser'> {
    const user = this.getUser(userId);
    if (user.id === ROOT_USER_ID) throw new IggyError(ErrorCode.CannotDeleteUser, 'the root user cannot be deleted');
    return { kind: 'DeleteUser', userId: user.id };
  }

  /** Verifying the current password is the caller's job (it is async); MetadataStore does it. */
  planChangePassword(userId: Identifier, newPasswordHash: string): CommandOf<'ChangePassword'> {
    assert(newPasswordHash.length > 0, 'changePassword needs a password hash');
    return { kind: 'ChangePassword', userId: this.getUser(userId).id, passwordHash: newPasswordHash };
  }

  planUpdatePermissions(userId: Identifier, permissions: Permissions | null): CommandOf<'UpdatePermissions'> {
    const user = this.getUser(userId);
    if (user.id === ROOT_USER_ID) {
      throw new IggyError(ErrorCode.CannotChangePermissions, 'the root user keeps all permissions');
    }
    return { kind: 'UpdatePermissions', userId: user.id, permissions };
  }

  planCreatePersonalAccessToken(
    userId: number,
    name: string,
    tokenHash: string,
    expiryAtMicros: bigint | null,
    maxTokensPerUser: number,
  ): CommandOf<'CreatePersonalAccessToken'> {
    checkLength(name, PAT_NAME_LENGTH_MIN, PAT_NAME_LENGTH_MAX, ErrorCode.InvalidPersonalAccessTokenName, 'token name');
    const user = this.getUser(userId);
    const tokens = this.#tokensByUserId.get(user.id);
    // Iggy checks the limit before the name, and counts expired tokens not yet cleaned.
    if ((tokens?.size ?? 0) >= maxTokensPerUser) {
      throw new IggyError(ErrorCode.PersonalAccessTokensLimitReached, `user ${user.id} has ${maxTokensPerUser} tokens`);
    }
    if (tokens?.has(name)) throw new IggyError(ErrorCode.PersonalAccessTokenAlreadyExists, JSON.stringify(name));
    assert(!this.#tokenByHash.has(tokenHash), 'token hash collision');
    return { kind: 'CreatePersonalAccessToken', userId: user.id, name, tokenHash, expiryAtMicros };
  }

  planDeletePersonalAccessToken(userId: number, name: string): CommandOf<'DeletePersonalAccessToken'> {
    checkLength(name, PAT_NAME_LENGTH_MIN, PAT_NAME_LENGTH_MAX, ErrorCode.InvalidPersonalAccessTokenName, 'token name');
    if (this.findPersonalAccessToken(userId, name) === undefined) {
      throw new IggyError(ErrorCode.ResourceNotFound, `personal access token ${JSON.stringify(name)}`);
    }
    return { kind: 'DeletePersonalAccessToken', userId, name };
  }

  // ---------------------------------------------------------------- validate + apply in one call

  createStream(name: string, nowMicros: bigint): StreamMeta {
    return this.apply(this.planCreateStream(name), nowMicros);
  }
  updateStream(streamId: Identifier, name: string): StreamMeta {
    return this.apply(this.planUpdateStream(streamId, name), 0n);
  }
  deleteStream(streamId: Identifier): StreamMeta {
    return this.apply(this.planDeleteStream(streamId), 0n);
  }
  createTopic(streamId: Identifier, params: CreateTopicParams, defaults: TopicDefaults, nowMicros: bigint): TopicMeta {
    return this.apply(this.planCreateTopic(streamId, params, defaults), nowMicros);
  }
  updateTopic(streamId: Identifier, topicId: Identifier, params: UpdateTopicParams, defaults?: TopicDefaults): TopicMeta {
    return this.apply(this.planUpdateTopic(streamId, topicId, params, defaults), 0n);
  }
  deleteTopic(streamId: Identifier, topicId: Identifier): TopicMeta {
    return this.apply(this.planDeleteTopic(streamId, topicId), 0n);
  }
  createPartitions(streamId: Identifier, topicId: Identifier, partitionsCount: number, nowMicros: bigint): PartitionMeta[] {
    return this.apply(this.planCreatePartitions(streamId, topicId, partitionsCount), nowMicros);
  }
  deletePartitions(streamId: Identifier, topicId: Identifier, partitionsCount: number): PartitionMeta[] {
    return this.apply(this.planDeletePartitions(streamId, topicId, partitionsCount), 0n);
  }
  createConsumerGroup(streamId: Identifier, topicId: Identifier, name: string): ConsumerGroupMeta {
    return this.apply(this.planCreateConsumerGroup(streamId, topicId, name), 0n);
  }
  deleteConsumerGroup(streamId: Identifier, topicId: Identifier, groupId: Identifier): ConsumerGroupMeta {
    return this.apply(this.planDeleteConsumerGroup(streamId, topicId, groupId), 0n);
  }
  createUser(params: CreateUserParams, nowMicros: bigint): UserMeta {
    return this.apply(this.planCreateUser(params), nowMicros);
  }
  updateUser(userId: Identifier, params: UpdateUserParams): UserMeta {
    return this.apply(this.planUpdateUser(userId, params), 0n);
  }
  deleteUser(userId: Identifier): UserMeta {
    return this.apply(this.planDeleteUser(userId), 0n);
  }
  changePassword(userId: Identifier, newPasswordHash: string): UserMeta {
    return this.apply(this.planChangePassword(userId, newPasswordHash), 0n);
  }
  updatePermissions(userId: Identifier, permissions: Permissions | null): UserMeta {
    return this.apply(this.planUpdatePermissions(userId, permissions), 0n);
  }
  createPersonalAccessToken(
    userId: number,
    name: string,
    tokenHash: string,
    expiryAtMicros: bigint | null,
    maxTokensPerUser: number,
  ): PersonalAccessTokenMeta {
    return this.apply(this.planCreatePersonalAccessToken(userId, name, tokenHash, expiryAtMicros, maxTokensPerUser), 0n);
  }
  deletePersonalAccessToken(userId: number, name: string): PersonalAccessTokenMeta {
    return this.apply(this.planDeletePersonalAccessToken(userId, name), 0n);
  }

  /**
   * Removes tokens expired at `nowMicros` (the PAT cleaner). Memory only, like Iggy: replay
   * skips such tokens anyway because MetadataStore.open drops everything expired.
   */
  deleteExpiredPersonalAccessTokens(nowMicros: bigint): PersonalAccessTokenMeta[] {
    const removed: PersonalAccessTokenMeta[] = [];
    for (const tokens of this.#tokensByUserId.values()) {
      for (const token of tokens.values()) {
        if (token.expiryAtMicros !== null && token.expiryAtMicros <= nowMicros) removed.push(token);
      }
    }
    for (const token of removed) this.#removeToken(token);
    return removed;
  }

  // ---------------------------------------------------------------- apply

  /**
   * Performs a command produced by a plan method (now, or earlier and read back from the state
   * log). `timestampMicros` becomes created_at of what the command creates. Invariant breaks
   * (a replayed command that does not fit the model) are assertion failures.
   */
  apply<C extends MetadataCommand>(command: C, timestampMicros: bigint): MetadataCommandResults[C['kind']] {
    return this.#apply(command, timestampMicros) as MetadataCommandResults[C['kind']];
  }

  #apply(command: MetadataCommand, timestampMicros: bigint): MetadataCommandResults[MetadataCommand['kind']] {
    switch (command.kind) {
      case 'CreateStream': {
        assert(!this.#streamIdByName.has(command.name), `stream name ${command.name} is taken`);
        const stream: StreamMeta = {
          id: command.streamId,
          name: command.name,
          createdAtMicros: timestampMicros,
          topics: new Slab<TopicMeta>(),
        };
        this.streams.insertAt(stream.id, stream);
        this.#streamIdByName.set(stream.name, stream.id);
        return stream;
      }
      case 'UpdateStream': {
        const stream = this.#mustStream(command.streamId);
        this.#streamIdByName.delete(stream.name);
        stream.name = command.name;
        this.#streamIdByName.set(stream.name, stream.id);
        return stream;
      }
      case 'DeleteStream': {
        const stream = this.#mustStream(command.streamId);
        this.streams.delete(stream.id);
        this.#streamIdByName.delete(stream.name);
        this.#dropStaleGrants(stream.id, null);
        return stream;
      }
      case 'CreateTopic': {
        const stream = this.#mustStream(command.streamId);
        const topic: TopicMeta = {
          id: command.topicId,
          streamId: stream.id,
          name: command.name,
          createdAtMicros: timestampMicros,
          partitions: [],
          messageExpiryMicros: command.messageExpiryMicros,
          compression: command.compression,
          maxTopicSizeBytes: command.maxTopicSizeBytes,
          replicationFactor: command.replicationFactor,
          consumerGroups: new Slab<ConsumerGroupMeta>(),
        };
        appendPartitions(topic, command.partitionsCount, timestampMicros);
        stream.topics.insertAt(topic.id, topic);
        return topic;
      }
      case 'UpdateTopic': {
        const topic = this.#mustTopic(command.streamId, command.topicId);
        topic.name = command.name;
        topic.compression = command.compression;
        topic.messageExpiryMicros = command.messageExpiryMicros;
        topic.maxTopicSizeBytes = command.maxTopicSizeBytes;
        topic.replicationFactor = command.replicationFactor;
        return topic;
      }
      case 'DeleteTopic': {
        const topic = this.#mustTopic(command.streamId, command.topicId);
        this.#mustStream(command.streamId).topics.delete(topic.id);
        this.#dropStaleGrants(command.streamId, topic.id);
        return topic;
      }
      case 'CreatePartitions': {
        const topic = this.#mustTopic(command.streamId, command.topicId);
        return appendPartitions(topic, command.partitionsCount, timestampMicros);
      }
      case 'DeletePartitions': {
        const topic = this.#mustTopic(command.streamId, command.topicId);
        assert(command.partitionsCount <= topic.partitions.length, 'deleting more partitions than exist');
        return topic.partitions.splice(topic.partitions.length - command.partitionsCount, command.partitionsCount);
      }
      case 'CreateConsumerGroup': {
        const topic = this.#mustTopic(command.streamId, command.topicId);
        const group: ConsumerGroupMeta = { id: command.groupId, name: command.name };
        topic.consumerGroups.insertAt(group.id, group);
        return group;
      }
      case 'DeleteConsumerGroup': {
        const topic = this.#mustTopic(command.streamId, command.topicId);
        const group = topic.consumerGroups.delete(command.groupId);
        assert(group !== undefined, `consumer group ${command.groupId} does not exist`);
        return group;
      }
      case 'CreateUser': {
        assert(!this.#userIdByName.has(command.username), `username ${command.username} is taken`);
        const user: UserMeta = {
          id: command.userId,
          username: command.username,
          passwordHash: command.passwordHash,
          status: command.status,
          permissions: command.permissions,
          createdAtMicros: timestampMicros,
        };
        this.users.insertAt(user.id, user);
        this.#userIdByName.set(user.username, user.id);
        return user;
      }
      case 'UpdateUser': {
        const user = this.#mustUser(command.userId);
        if (command.username !== null) {
          this.#userIdByName.delete(user.username);
          user.username = command.username;
          this.#userIdByName.set(user.username, user.id);
        }
        if (command.status !== null) user.status = command.status;
        return user;
      }
      case 'DeleteUser': {
        const user = this.#mustUser(command.userId);
        this.users.delete(user.id);
        this.#userIdByName.delete(user.username);
        for (const token of this.personalAccessTokensOf(user.id)) this.#removeToken(token);
        return user;
      }
      case 'ChangePassword': {
        const user = this.#mustUser(command.userId);
        user.passwordHash = command.passwordHash;
        return user;
      }
      case 'UpdatePermissions': {
        const user = this.#mustUser(command.userId);
        user.permissions = command.permissions;
        return user;
      }
      case 'CreatePersonalAccessToken': {
        this.#mustUser(command.userId);
        // A same-name token can only be present here on replay, when the live server's cleaner
        // had removed it (expired) before this token was created: the new one replaces it.
        const previous = this.findPersonalAccessToken(command.userId, command.name);
        if (previous !== undefined) this.#removeToken(previous);
        const token: PersonalAccessTokenMeta = {
          userId: command.userId,
          name: command.name,
          tokenHash: command.tokenHash,
          expiryAtMicros: command.expiryAtMicros,
        };
        this.#insertToken(token);
        return token;
      }
      case 'DeletePersonalAccessToken': {
        const token = this.findPersonalAccessToken(command.userId, command.name);
        assert(token !== undefined, `token ${command.name} of user ${command.userId} does not exist`);
        this.#removeToken(token);
        return token;
      }
    }
  }

  #mustStream(streamId: number): StreamMeta {
    const stream = this.streams.get(streamId);
    assert(stream !== undefined, `stream ${streamId} does not exist`);
    return stream;
  }

  #mustTopic(streamId: number, topicId: number): TopicMeta {
    const topic = this.#mustStream(streamId).topics.get(topicId);
    assert(topic !== undefined, `topic ${topicId} of stream ${streamId} does not exist`);
    return topic;
  }

  #mustUser(userId: number): UserMeta {
    const user = this.users.get(userId);
    assert(user !== undefined, `user ${userId} does not exist`);
    return user;
  }

  #insertToken(token: PersonalAccessTokenMeta): void {
    let tokens = this.#tokensByUserId.get(token.userId);
    if (tokens === undefined) {
      tokens = new Map();
      this.#tokensByUserId.set(token.userId, tokens);
    }
    tokens.set(token.name, token);
    this.#tokenByHash.set(token.tokenHash, token);
  }

  #removeToken(token: PersonalAccessTokenMeta): void {
    const tokens = this.#tokensByUserId.get(token.userId);
    tokens?.delete(token.name);
    if (tokens?.size === 0) this.#tokensByUserId.delete(token.userId);
    this.#tokenByHash.delete(token.tokenHash);
  }

  /**
   * Grants are keyed by numeric id and ids are reused (server-semantics.md §5.4): a grant left
   * behind for a deleted stream or topic would silently apply to the next object that gets its
   * id. Iggy only drops them from its runtime index; we drop them from the stored permissions,
   * which replay reproduces because it happens inside apply.
   */
  #dropStaleGrants(streamId: number, topicId: number | null): void {
    for (const user of this.users.values()) {
      const permissions = user.permissions;
      const streamGrant = permissions?.streams.get(streamId);
      if (permissions === null || streamGrant === undefined) continue;
      if (topicId !== null && !streamGrant.topics.has(topicId)) continue;
      // Replace rather than mutate: snapshots may share these objects.
      const streams = new Map(permissions.streams);
      if (topicId === null) {
        streams.delete(streamId);
      } else {
        const topics = new Map(streamGrant.topics);
        topics.delete(topicId);
        streams.set(streamId, { ...streamGrant, topics });
      }
      user.permissions = { global: permissions.global, streams };
    }
  }

  // ---------------------------------------------------------------- snapshots

  /**
   * A structured-clone-safe copy for posting to other threads: plain objects, arrays, Maps and
   * bigints only. Leaf objects (partitions, groups, tokens, permissions) are shared with this
   * model, which never mutates them in place; treat the snapshot as read-only.
   */
  snapshot(version = 0): MetadataSnapshot {
    const streams = [...this.streams.values()].map((stream) => ({
      id: stream.id,
      name: stream.name,
      createdAtMicros: stream.createdAtMicros,
      topics: [...stream.topics.values()].map((topic) => ({
        id: topic.id,
        streamId: topic.streamId,
        name: topic.name,
        createdAtMicros: topic.createdAtMicros,
        partitions: topic.partitions.slice(),
        messageExpiryMicros: topic.messageExpiryMicros,
        compression: topic.compression,
        maxTopicSizeBytes: topic.maxTopicSizeBytes,
        replicationFactor: topic.replicationFactor,
        consumerGroups: [...topic.consumerGroups.values()],
      })),
    }));
    const users = [...this.users.values()].map((user) => ({ ...user }));
    const personalAccessTokens = [...this.#tokenByHash.values()];
    return { version, streams, users, personalAccessTokens };
  }

  /** Rebuilds a model from a snapshot (on another thread, or for tests). */
  static fromSnapshot(snapshot: MetadataSnapshot): Metadata {
    const metadata = new Metadata();
    for (const streamSnapshot of snapshot.streams) {
      const stream: StreamMeta = {
        id: streamSnapshot.id,
        name: streamSnapshot.name,
        createdAtMicros: streamSnapshot.createdAtMicros,
        topics: new Slab<TopicMeta>(),
      };
      for (const topicSnapshot of streamSnapshot.topics) {
        const consumerGroups = new Slab<ConsumerGroupMeta>();
        for (const group of topicSnapshot.consumerGroups) consumerGroups.insertAt(group.id, { ...group });
        stream.topics.insertAt(topicSnapshot.id, {
          ...topicSnapshot,
          partitions: topicSnapshot.partitions.map((partition) => ({ ...partition })),
          consumerGroups,
        });
      }
      metadata.streams.insertAt(stream.id, stream);
      metadata.#streamIdByName.set(stream.name, stream.id);
    }
    for (const user of snapshot.users) {
      metadata.users.insertAt(user.id, { ...user });
      metadata.#userIdByName.set(user.username, user.id);
    }
    for (const token of snapshot.personalAccessTokens) metadata.#insertToken({ ...token });
    return metadata;
  }
}

function findTopicIn(stream: StreamMeta, topicId: Identifier): TopicMeta | undefined {
  if (typeof topicId === 'number') return stream.topics.get(topicId);
  return stream.topics.find((topic) => topic.name === topicId);
}

function findGroupIn(topic: TopicMeta, groupId: Identifier): ConsumerGroupMeta | undefined {
  if (typeof groupId === 'number') return topic.consumerGroups.get(groupId);
  return topic.consumerGroups.find((group) => group.name === groupId);
}

/** New partitions take ids count_before .. count_before + n - 1 (always dense). */
function appendPartitions(topic: TopicMeta, count: number, createdAtMicros: bigint): PartitionMeta[] {
  const added: PartitionMeta[] = [];
  for (let index = 0; index < count; index += 1) {
    const partition: PartitionMeta = { id: topic.partitions.length, createdAtMicros };
    topic.partitions.push(partition);
    added.push(partition);
  }
  return added;
}
