/**
 * The JSON shapes of Iggy 0.7's HTTP API (http-api.md §5), both ways: `*ToJson` builds what the
 * server sends (field order as Rust's serde derives it), `*FromJson` reads it back (the SDK).
 * They work on the same records as the binary codec, so both transports share one model.
 */
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';
import { type ClusterMetadata, ClusterNodeRole, ClusterNodeStatus } from '../models/cluster-metadata.js';
import { CompressionAlgorithm } from '../models/compression-algorithm.js';
import type { ConsumerGroupDetails, ConsumerGroupRecord } from '../models/consumer-group-record.js';
import type { ConsumerOffsetInfo } from '../models/consumer-offset-info.js';
import type { ClientDetails, ClientRecord } from '../models/client-record.js';
import type { PartitionRecord } from '../models/partition-record.js';
import type { GlobalPermissions, Permissions, StreamPermissions, TopicPermissions } from '../models/permissions.js';
import type { PersonalAccessTokenRecord } from '../models/personal-access-token-record.js';
import type { Stats } from '../models/stats.js';
import type { StreamDetails, StreamRecord } from '../models/stream-record.js';
import type { TopicDetails, TopicRecord } from '../models/topic-record.js';
import { Transport } from '../models/transport.js';
import type { UserDetails, UserRecord } from '../models/user-record.js';
import { UserStatus } from '../models/user-status.js';
import { formatByteSize, parseByteSize } from './byte-size-text.js';
import { asArray, asObject, has, readJsonBool, readString, readU32, readU64, readUint } from './json-fields.js';
import { F32, type JsonObject, type JsonValue } from './json-value.js';

// ---- enums as text ----

export function compressionToText(algorithm: CompressionAlgorithm): string {
  return algorithm === CompressionAlgorithm.Gzip ? 'gzip' : 'none';
}

/** Case-insensitive, as Iggy's `CompressionAlgorithm::from_str`; anything else is 4. */
export function compressionFromText(text: string): CompressionAlgorithm {
  switch (text.toLowerCase()) {
    case 'none':
      return CompressionAlgorithm.None;
    case 'gzip':
      return CompressionAlgorithm.Gzip;
  }
  throw new IggyError(ErrorCode.InvalidFormat, `compression_algorithm ${JSON.stringify(text)}`);
}

export function userStatusToText(status: UserStatus): string {
  return status === UserStatus.Inactive ? 'inactive' : 'active';
}

export function userStatusFromText(text: string): UserStatus {
  if (text === 'active') return UserStatus.Active;
  if (text === 'inactive') return UserStatus.Inactive;
  throw new IggyError(ErrorCode.InvalidFormat, `status ${JSON.stringify(text)}`);
}

const TRANSPORT_TEXT: Record<number, string> = { [Transport.Tcp]: 'tcp', [Transport.Quic]: 'quic', [Transport.Http]: 'http', [Transport.WebSocket]: 'ws' };
const TRANSPORT_FROM_TEXT: Record<string, Transport> = { tcp: Transport.Tcp, quic: Transport.Quic, http: Transport.Http, ws: Transport.WebSocket, websocket: Transport.WebSocket };

// ---- streams, topics, partitions ----

export function partitionToJson(partition: PartitionRecord): JsonObject {
  return {
    id: partition.id,
    created_at: partition.createdAt,
    segments_count: partition.segmentsCount,
    current_offset: partition.currentOffset,
    size: formatByteSize(partition.sizeBytes),
    messages_count: partition.messagesCount,
  };
}

export function partitionFromJson(value: JsonValue): PartitionRecord {
  const o = asObject(value, 'partition');
  return {
    id: readU32(o, 'id'),
    createdAt: readU64(o, 'created_at'),
    segmentsCount: readU32(o, 'segments_count'),
    currentOffset: readU64(o, 'current_offset'),
    sizeBytes: parseByteSize(o.size),
    messagesCount: readU64(o, 'messages_count'),
  };
}

export function topicToJson(topic: TopicRecord): JsonObject {
  return {
    id: topic.id,
    created_at: topic.createdAt,
    name: topic.name,
    size: formatByteSize(topic.sizeBytes),
    message_expiry: topic.messageExpiry,
    compression_algorithm: compressionToText(topic.compressionAlgorithm),
    max_topic_size: topic.maxTopicSize,
    replication_factor: topic.replicationFactor,
    messages_count: topic.messagesCount,
    partitions_count: topic.partitionsCount,
  };
}

export function topicDetailsToJson(topic: TopicDetails): JsonObject {
  return { ...topicToJson(topic), partitions: [...topic.partitions].sort((a, b) => a.id - b.id).map(partitionToJson) };
}

export function topicFromJson(value: JsonValue): TopicRecord {
  const o = asObject(value, 'topic');
  return {
    id: readU32(o, 'id'),
    createdAt: readU64(o, 'created_at'),
    name: readString(o, 'name'),
    sizeBytes: parseByteSize(o.size),
    messageExpiry: readU64(o, 'message_expiry'),
    compressionAlgorithm: compressionFromText(readString(o, 'compression_algorithm')),
    maxTopicSize: readU64(o, 'max_topic_size'),
    replicationFactor: readUint(o, 'replication_factor', 255),
    messagesCount: readU64(o, 'messages_count'),
    partitionsCount: readU32(o, 'partitions_count'),
  };
}

export function topicDetailsFromJson(value: JsonValue): TopicDetails {
  const o = asObject(value, 'topic');
  return { ...topicFromJson(o), partitions: asArray(o.partitions, 'partitions').map(partitionFromJson) };
}

export function streamToJson(stream: StreamRecord): JsonObject {
  return {
    id: stream.id,
    created_at: stream.createdAt,
    name: stream.name,
    size: formatByteSize(stream.sizeBytes),
    messages_count: stream.messagesCount,
    topics_count: stream.topicsCount,
  };
}

export function streamDetailsToJson(stream: StreamDetails): JsonObject {
  return { ...streamToJson(stream), topics: [...stream.topics].sort((a, b) => a.id - b.id).map(topicToJson) };
}

export function streamFromJson(value: JsonValue): StreamRecord {
  const o = asObject(value, 'stream');
  return {
    id: readU32(o, 'id'),
    createdAt: readU64(o, 'created_at'),
    name: readString(o, 'name'),
    sizeBytes: parseByteSize(o.size),
    messagesCount: readU64(o, 'messages_count'),
    topicsCount: readU32(o, 'topics_count'),
  };
}

export function streamDetailsFromJson(value: JsonValue): StreamDetails {
  const o = asObject(value, 'stream');
  return { ...streamFromJson(o), topics: asArray(o.topics, 'topics').map(topicFromJson) };
}

// ---- consumer groups and offsets ----

export function consumerGroupToJson(group: ConsumerGroupRecord): JsonObject {
  return { id: group.id, name: group.name, partitions_count: group.partitionsCount, members_count: group.membersCount };
}

export function consumerGroupDetailsToJson(group: ConsumerGroupDetails): JsonObject {
  return {
    ...consumerGroupToJson(group),
    members: group.members.map((member) => ({ id: member.id, partitions_count: member.partitions.length, partitions: [...member.partitions] })),
  };
}

export function consumerGroupFromJson(value: JsonValue): ConsumerGroupRecord {
  const o = asObject(value, 'consumer_group');
  return { id: readU32(o, 'id'), name: readString(o, 'name'), partitionsCount: readU32(o, 'partitions_count'), membersCount: readU32(o, 'members_count') };
}

export function consumerGroupDetailsFromJson(value: JsonValue): ConsumerGroupDetails {
  const o = asObject(value, 'consumer_group');
  return {
    ...consumerGroupFromJson(o),
    members: asArray(o.members, 'members').map((entry) => {
      const m = asObject(entry, 'member');
      return { id: readU32(m, 'id'), partitions: asArray(m.partitions, 'partitions').map((p, i) => readU32({ [i]: p }, String(i))) };
    }),
  };
}

export function consumerOffsetToJson(info: ConsumerOffsetInfo): JsonObject {
  return { partition_id: info.partitionId, current_offset: info.currentOffset, stored_offset: info.storedOffset };
}

export function consumerOffsetFromJson(value: JsonValue): ConsumerOffsetInfo {
  const o = asObject(value, 'consumer_offset');
  return { partitionId: readU32(o, 'partition_id'), currentOffset: readU64(o, 'current_offset'), storedOffset: readU64(o, 'stored_offset') };
}

// ---- users, permissions, tokens ----

const GLOBAL_KEYS: [keyof GlobalPermissions, string][] = [
  ['manageServers', 'manage_servers'],
  ['readServers', 'read_servers'],
  ['manageUsers', 'manage_users'],
  ['readUsers', 'read_users'],
  ['manageStreams', 'manage_streams'],
  ['readStreams', 'read_streams'],
  ['manageTopics', 'manage_topics'],
  ['readTopics', 'read_topics'],
  ['pollMessages', 'poll_messages'],
  ['sendMessages', 'send_messages'],
];
const STREAM_KEYS: [keyof Omit<StreamPermissions, 'topics'>, string][] = [
  ['manageStream', 'manage_stream'],
  ['readStream', 'read_stream'],
  ['manageTopics', 'manage_topics'],
  ['readTopics', 'read_topics'],
  ['pollMessages', 'poll_messages'],
  ['sendMessages', 'send_messages'],
];
const TOPIC_KEYS: [keyof TopicPermissions, string][] = [
  ['manageTopic', 'manage_topic'],
  ['readTopic', 'read_topic'],
  ['pollMessages', 'poll_messages'],
  ['sendMessages', 'send_messages'],
];

function flagsToJson<T>(source: T, keys: [keyof T, string][]): JsonObject {
  const out: JsonObject = {};
  for (const [from, to] of keys) out[to] = source[from] as boolean;
  return out;
}

function flagsFromJson<T>(object: JsonObject, keys: [keyof T, string][]): T {
  const out = {} as Record<keyof T, boolean>;
  for (const [to, from] of keys) out[to] = readJsonBool(object, from);
  return out as T;
}

/** Map keys are numeric ids written as strings; JS orders integer keys ascending, as we want. */
export function permissionsToJson(permissions: Permissions | null): JsonValue {
  if (permissions === null) return null;
  let streams: JsonObject | null = null;
  if (permissions.streams.size > 0) {
    streams = {};
    for (const [streamId, stream] of permissions.streams) {
      let topics: JsonObject | null = null;
      if (stream.topics.size > 0) {
        topics = {};
        for (const [topicId, topic] of stream.topics) topics[String(topicId)] = flagsToJson(topic, TOPIC_KEYS);
      }
      streams[String(streamId)] = { ...flagsToJson(stream, STREAM_KEYS), topics };
    }
  }
  return { global: flagsToJson(permissions.global, GLOBAL_KEYS), streams };
}

function idKey(key: string, what: string): number {
  if (!/^\d{1,10}$/.test(key) || Number(key) > 0xffff_ffff) throw new IggyError(ErrorCode.InvalidFormat, `${what} key ${JSON.stringify(key)}`);
  return Number(key);
}

export function permissionsFromJson(value: JsonValue | undefined): Permissions | null {
  if (value === null || value === undefined) return null;
  const o = asObject(value, 'permissions');
  const streams = new Map<number, StreamPermissions>();
  if (has(o, 'streams')) {
    for (const [key, entry] of Object.entries(asObject(o.streams, 'streams'))) {
      const s = asObject(entry, `streams.${key}`);
      const topics = new Map<number, TopicPermissions>();
      if (has(s, 'topics')) {
        for (const [topicKey, topicEntry] of Object.entries(asObject(s.topics, 'topics'))) {
          topics.set(idKey(topicKey, 'topics'), flagsFromJson<TopicPermissions>(asObject(topicEntry, `topics.${topicKey}`), TOPIC_KEYS));
        }
      }
      streams.set(idKey(key, 'streams'), { ...flagsFromJson<Omit<StreamPermissions, 'topics'>>(s, STREAM_KEYS), topics });
    }
  }
  return { global: flagsFromJson<GlobalPermissions>(asObject(o.global, 'global'), GLOBAL_KEYS), streams };
}

export function userToJson(user: UserRecord): JsonObject {
  return { id: user.id, created_at: user.createdAt, status: userStatusToText(user.status), username: user.username };
}

export function userDetailsToJson(user: UserDetails): JsonObject {
  return { ...userToJson(user), permissions: permissionsToJson(user.permissions) };
}

export function userFromJson(value: JsonValue): UserRecord {
  const o = asObject(value, 'user');
  return { id: readU32(o, 'id'), createdAt: readU64(o, 'created_at'), status: userStatusFromText(readString(o, 'status')), username: readString(o, 'username') };
}

export function userDetailsFromJson(value: JsonValue): UserDetails {
  const o = asObject(value, 'user');
  return { ...userFromJson(o), permissions: permissionsFromJson(o.permissions) };
}

/** `expiry_at` is null for a token that never expires (0 in the binary record). */
export function personalAccessTokenToJson(token: PersonalAccessTokenRecord): JsonObject {
  return { name: token.name, expiry_at: token.expiryAt === 0n ? null : token.expiryAt };
}

export function personalAccessTokenFromJson(value: JsonValue): PersonalAccessTokenRecord {
  const o = asObject(value, 'personal_access_token');
  return { name: readString(o, 'name'), expiryAt: has(o, 'expiry_at') ? readU64(o, 'expiry_at') : 0n };
}

export interface IdentityInfo {
  userId: number;
  accessToken: { token: string; expiry: bigint } | null;
}

export function identityToJson(identity: IdentityInfo): JsonObject {
  return {
    user_id: identity.userId,
    access_token: identity.accessToken === null ? null : { token: identity.accessToken.token, expiry: identity.accessToken.expiry },
  };
}

export function identityFromJson(value: JsonValue): IdentityInfo {
  const o = asObject(value, 'identity');
  const token = has(o, 'access_token') ? asObject(o.access_token, 'access_token') : null;
  return { userId: readU32(o, 'user_id'), accessToken: token === null ? null : { token: readString(token, 'token'), expiry: readU64(token, 'expiry') } };
}

// ---- clients, cluster, stats ----

export function clientToJson(client: ClientRecord): JsonObject {
  return {
    client_id: client.clientId,
    user_id: client.userId,
    address: client.address,
    transport: TRANSPORT_TEXT[client.transport] ?? 'tcp',
    consumer_groups_count: client.consumerGroupsCount,
  };
}

export function clientDetailsToJson(client: ClientDetails): JsonObject {
  return {
    ...clientToJson(client),
    consumer_groups: client.consumerGroups.map((group) => ({ stream_id: group.streamId, topic_id: group.topicId, group_id: group.groupId })),
  };
}

export function clientFromJson(value: JsonValue): ClientRecord {
  const o = asObject(value, 'client');
  const transport = TRANSPORT_FROM_TEXT[readString(o, 'transport').toLowerCase()];
  if (transport === undefined) throw new IggyError(ErrorCode.InvalidFormat, 'transport');
  return {
    clientId: readU32(o, 'client_id'),
    userId: has(o, 'user_id') ? readU32(o, 'user_id') : null,
    address: readString(o, 'address'),
    transport,
    consumerGroupsCount: readU32(o, 'consumer_groups_count'),
  };
}

export function clientDetailsFromJson(value: JsonValue): ClientDetails {
  const o = asObject(value, 'client');
  return {
    ...clientFromJson(o),
    consumerGroups: asArray(o.consumer_groups, 'consumer_groups').map((entry) => {
      const g = asObject(entry, 'consumer_group');
      return { streamId: readU32(g, 'stream_id'), topicId: readU32(g, 'topic_id'), groupId: readU32(g, 'group_id') };
    }),
  };
}

const ROLE_TEXT = ['leader', 'follower'];
const STATUS_TEXT = ['healthy', 'starting', 'stopping', 'unreachable', 'maintenance'];

export function clusterMetadataToJson(metadata: ClusterMetadata): JsonObject {
  return {
    name: metadata.name,
    nodes: metadata.nodes.map((node) => ({
      name: node.name,
      ip: node.ip,
      endpoints: { tcp: node.tcpPort, quic: node.quicPort, http: node.httpPort, websocket: node.websocketPort },
      role: ROLE_TEXT[node.role] ?? 'leader',
      status: STATUS_TEXT[node.status] ?? 'unknown',
    })),
  };
}

export function clusterMetadataFromJson(value: JsonValue): ClusterMetadata {
  const o = asObject(value, 'cluster_metadata');
  return {
    name: readString(o, 'name'),
    nodes: asArray(o.nodes, 'nodes').map((entry) => {
      const n = asObject(entry, 'node');
      const endpoints = asObject(n.endpoints, 'endpoints');
      const status = STATUS_TEXT.indexOf(readString(n, 'status'));
      return {
        name: readString(n, 'name'),
        ip: readString(n, 'ip'),
        tcpPort: readUint(endpoints, 'tcp', 0xffff),
        quicPort: readUint(endpoints, 'quic', 0xffff),
        httpPort: readUint(endpoints, 'http', 0xffff),
        websocketPort: readUint(endpoints, 'websocket', 0xffff),
        role: readString(n, 'role') === 'follower' ? ClusterNodeRole.Follower : ClusterNodeRole.Leader,
        status: (status < 0 ? ClusterNodeStatus.Healthy : status) as ClusterNodeStatus,
      };
    }),
  };
}

export function statsToJson(stats: Stats): JsonObject {
  const cache: JsonObject = {};
  for (const entry of stats.cacheMetrics) {
    cache[`${entry.streamId}-${entry.topicId}-${entry.partitionId}`] = { hits: entry.hits, misses: entry.misses, hit_ratio: new F32(entry.hitRatio) };
  }
  return {
    process_id: stats.processId,
    cpu_usage: new F32(stats.cpuUsage),
    total_cpu_usage: new F32(stats.totalCpuUsage),
    memory_usage: formatByteSize(stats.memoryUsage),
    total_memory: formatByteSize(stats.totalMemory),
    available_memory: formatByteSize(stats.availableMemory),
    run_time: stats.runTime,
    start_time: stats.startTime,
    read_bytes: formatByteSize(stats.readBytes),
    written_bytes: formatByteSize(stats.writtenBytes),
    messages_size_bytes: formatByteSize(stats.messagesSizeBytes),
    streams_count: stats.streamsCount,
    topics_count: stats.topicsCount,
    partitions_count: stats.partitionsCount,
    segments_count: stats.segmentsCount,
    messages_count: stats.messagesCount,
    clients_count: stats.clientsCount,
    consumer_groups_count: stats.consumerGroupsCount,
    hostname: stats.hostname,
    os_name: stats.osName,
    os_version: stats.osVersion,
    kernel_version: stats.kernelVersion,
    iggy_server_version: stats.iggyServerVersion,
    iggy_server_semver: stats.iggyServerSemver,
    cache_metrics: cache,
  };
}

function readFloat(object: JsonObject, name: string): number {
  const value = object[name];
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  throw new IggyError(ErrorCode.InvalidFormat, `field "${name}": expected a number`);
}

export function statsFromJson(value: JsonValue): Stats {
  const o = asObject(value, 'stats');
  const cacheMetrics: Stats['cacheMetrics'] = [];
  if (has(o, 'cache_metrics')) {
    for (const [key, entry] of Object.entries(asObject(o.cache_metrics, 'cache_metrics'))) {
      const [streamId, topicId, partitionId] = key.split('-').map(Number);
      const m = asObject(entry, key);
      cacheMetrics.push({ streamId: streamId!, topicId: topicId!, partitionId: partitionId!, hits: readU64(m, 'hits'), misses: readU64(m, 'misses'), hitRatio: readFloat(m, 'hit_ratio') });
    }
  }
  return {
    processId: readU32(o, 'process_id'),
    cpuUsage: readFloat(o, 'cpu_usage'),
    totalCpuUsage: readFloat(o, 'total_cpu_usage'),
    memoryUsage: parseByteSize(o.memory_usage),
    totalMemory: parseByteSize(o.total_memory),
    availableMemory: parseByteSize(o.available_memory),
    runTime: readU64(o, 'run_time'),
    startTime: readU64(o, 'start_time'),
    readBytes: parseByteSize(o.read_bytes),
    writtenBytes: parseByteSize(o.written_bytes),
    messagesSizeBytes: parseByteSize(o.messages_size_bytes),
    streamsCount: readU32(o, 'streams_count'),
    topicsCount: readU32(o, 'topics_count'),
    partitionsCount: readU32(o, 'partitions_count'),
    segmentsCount: readU32(o, 'segments_count'),
    messagesCount: readU64(o, 'messages_count'),
    clientsCount: readU32(o, 'clients_count'),
    consumerGroupsCount: readU32(o, 'consumer_groups_count'),
    hostname: readString(o, 'hostname'),
    osName: readString(o, 'os_name'),
    osVersion: readString(o, 'os_version'),
    kernelVersion: typeof o.kernel_version === 'string' ? o.kernel_version : '',
    iggyServerVersion: typeof o.iggy_server_version === 'string' ? o.iggy_server_version : '',
    iggyServerSemver: has(o, 'iggy_server_semver') ? readU32(o, 'iggy_server_semver') : null,
    cacheMetrics,
  };
}

// ---- errors ----

export interface HttpErrorBody {
  id: number;
  code: string;
  reason: string;
  field: string | null;
}

export function httpErrorFromJson(value: JsonValue): HttpErrorBody {
  const o = asObject(value, 'error');
  return { id: readU32(o, 'id'), code: readString(o, 'code'), reason: readString(o, 'reason'), field: has(o, 'field') ? readString(o, 'field') : null };
}
