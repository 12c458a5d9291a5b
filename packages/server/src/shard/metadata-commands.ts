/**
 * What a shard asks the control plane to change. Identifiers are still unresolved (names or
 * numbers as the client sent them): the control plane resolves them against the one live model,
 * so two shards racing on the same name cannot both win. Passwords travel in plain text only
 * inside the process, from the connection's shard to the control plane that hashes them.
 */
import type { Identifier, Permissions } from '@iggy-node/protocol';
import type { CreateTopicParams, UpdateTopicParams, UserStatus } from '../metadata/metadata-model.js';

export type ControlPlaneCommand =
  | { kind: 'createStream'; name: string }
  | { kind: 'updateStream'; streamId: Identifier; name: string }
  | { kind: 'deleteStream'; streamId: Identifier }
  | { kind: 'purgeStream'; streamId: Identifier }
  | { kind: 'createTopic'; streamId: Identifier; params: CreateTopicParams }
  | { kind: 'updateTopic'; streamId: Identifier; topicId: Identifier; params: UpdateTopicParams }
  | { kind: 'deleteTopic'; streamId: Identifier; topicId: Identifier }
  | { kind: 'purgeTopic'; streamId: Identifier; topicId: Identifier }
  | { kind: 'createPartitions'; streamId: Identifier; topicId: Identifier; partitionsCount: number }
  | { kind: 'deletePartitions'; streamId: Identifier; topicId: Identifier; partitionsCount: number }
  | { kind: 'createConsumerGroup'; streamId: Identifier; topicId: Identifier; name: string }
  | { kind: 'deleteConsumerGroup'; streamId: Identifier; topicId: Identifier; groupId: Identifier }
  | { kind: 'createUser'; username: string; password: string; status: UserStatus; permissions: Permissions | null }
  | { kind: 'updateUser'; userId: Identifier; username: string | null; status: UserStatus | null }
  | { kind: 'deleteUser'; userId: Identifier }
  | { kind: 'changePassword'; userId: Identifier; currentPassword: string; newPassword: string; checkCurrent: boolean }
  | { kind: 'updatePermissions'; userId: Identifier; permissions: Permissions | null }
  | { kind: 'createPersonalAccessToken'; userId: number; name: string; expiryMicros: bigint | null }
  | { kind: 'deletePersonalAccessToken'; userId: number; name: string };

/** Ids the control plane picked or resolved, and a raw token (returned once, never stored). */
export interface ControlPlaneResult {
  streamId?: number;
  topicId?: number;
  groupId?: number;
  userId?: number;
  token?: string;
}
