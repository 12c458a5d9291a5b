import type { Permissions } from '@iggy-node/protocol';
import type { Slab } from './slab.js';

// Plain data types of the metadata model (server-semantics.md §1). Every id is 0-based.
// Times are microseconds since the Unix epoch, as Iggy keeps them.

export interface StreamMeta {
  id: number;
  name: string;
  createdAtMicros: bigint;
  topics: Slab<TopicMeta>;
}

export interface TopicMeta {
  id: number;
  streamId: number;
  name: string;
  createdAtMicros: bigint;
  /** Partition ids are always dense: partitions[i].id === i. */
  partitions: PartitionMeta[];
  /** Resolved at create time; U64_MAX = never expire. */
  messageExpiryMicros: bigint;
  /** Stored and echoed only; the server never compresses (server-semantics.md §6). */
  compression: number;
  /** Resolved at create time; U64_MAX = unlimited. */
  maxTopicSizeBytes: bigint;
  replicationFactor: number;
  consumerGroups: Slab<ConsumerGroupMeta>;
}

export interface PartitionMeta {
  id: number;
  createdAtMicros: bigint;
}

/** Only the definition is metadata; members are live connections kept elsewhere. */
export interface ConsumerGroupMeta {
  id: number;
  name: string;
}

export type UserStatus = 'active' | 'inactive';

export interface UserMeta {
  id: number;
  username: string;
  /** Argon2id PHC string; the plain password is never kept. */
  passwordHash: string;
  status: UserStatus;
  permissions: Permissions | null;
  createdAtMicros: bigint;
}

export interface PersonalAccessTokenMeta {
  userId: number;
  name: string;
  /** Hash of the raw token (token-hasher.ts); the raw token is never kept. */
  tokenHash: string;
  /** null = never expires. Expired when expiryAtMicros <= now. */
  expiryAtMicros: bigint | null;
}

/** Server configuration that CreateTopic resolves "server default" (0) values against. */
export interface TopicDefaults {
  /** `system.topic.message_expiry`; U64_MAX = never. */
  messageExpiryMicros: bigint;
  /** `system.topic.max_size`; U64_MAX = unlimited. */
  maxTopicSizeBytes: bigint;
  /** `system.segment.size`: an explicit max topic size below it is rejected (1019). */
  segmentSizeBytes: bigint;
}

/** CreateTopic arguments as the client sent them (wire values: 0 = server default). */
export interface CreateTopicParams {
  name: string;
  partitionsCount: number;
  compression: number;
  messageExpiryMicros: bigint;
  maxTopicSizeBytes: bigint;
  /** 0, null or absent = not set → 1 (the binary protocol cannot express an explicit 0). */
  replicationFactor?: number | null;
}

/** UpdateTopic arguments as the client sent them. */
export interface UpdateTopicParams {
  name: string;
  compression: number;
  messageExpiryMicros: bigint;
  maxTopicSizeBytes: bigint;
  replicationFactor?: number | null;
}

export interface CreateUserParams {
  username: string;
  passwordHash: string;
  status: UserStatus;
  permissions: Permissions | null;
}

export interface UpdateUserParams {
  username?: string | null;
  status?: UserStatus | null;
}

// ---- Snapshot: a structured-clone-safe copy (no class instances) for other threads. ----

export interface TopicSnapshot extends Omit<TopicMeta, 'consumerGroups'> {
  consumerGroups: ConsumerGroupMeta[];
}

export interface StreamSnapshot extends Omit<StreamMeta, 'topics'> {
  topics: TopicSnapshot[];
}

export interface MetadataSnapshot {
  /** MetadataStore.version at the time of the snapshot (0 for a bare Metadata). */
  version: number;
  streams: StreamSnapshot[];
  users: UserMeta[];
  personalAccessTokens: PersonalAccessTokenMeta[];
}
