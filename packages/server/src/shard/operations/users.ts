/**
 * User operations (Iggy shard/system/users.rs). Permission checks read the shard's local
 * metadata copy; every change goes to the control plane, which hashes passwords, commits, and
 * publishes the new metadata before it answers (so the follow-up read here already sees it).
 */
import {
  UserStatus,
  type ChangePasswordRequest,
  type CreateUserRequest,
  type DeleteUserRequest,
  type GetUserRequest,
  type Identifier,
  type UpdatePermissionsRequest,
  type UpdateUserRequest,
  type UserDetails,
  type UserRecord,
} from '@iggy-node/protocol';
import { assertAllowed } from '../../auth/permissioner.js';
import type { Metadata } from '../../metadata/metadata.js';
import type { UserMeta, UserStatus as MetaUserStatus } from '../../metadata/metadata-model.js';
import { callerId, type OperationContext } from './context.js';
import { runMetadataCommand } from './control-plane-call.js';

/** Wire status (1 active / 2 inactive) → the metadata model's names. */
export function metaUserStatus(status: UserStatus): MetaUserStatus {
  return status === UserStatus.Inactive ? 'inactive' : 'active';
}

function wireUserStatus(status: MetaUserStatus): UserStatus {
  return status === 'inactive' ? UserStatus.Inactive : UserStatus.Active;
}

function userRecord(user: UserMeta): UserRecord {
  return { id: user.id, createdAt: user.createdAtMicros, status: wireUserStatus(user.status), username: user.username };
}

function userDetails(user: UserMeta): UserDetails {
  return { ...userRecord(user), permissions: user.permissions };
}

/** True when `userId` (as the client sent it) names the caller. */
function isSelf(metadata: Metadata, caller: number, userId: Identifier): boolean {
  if (typeof userId === 'number') return userId === caller;
  return metadata.findUser(caller)?.username === userId;
}

/** null when the user does not exist. */
export function getUser(context: OperationContext, request: GetUserRequest): UserDetails | null {
  const metadata = context.shard.metadata;
  const caller = callerId(context);
  // Iggy checks a numeric id against the caller before looking it up, so an unprivileged caller
  // cannot probe which ids exist; a name is resolved first.
  if (typeof request.userId === 'number' && request.userId !== caller) assertAllowed(metadata, caller, 'readUsers');
  const user = metadata.findUser(request.userId);
  if (!user) return null;
  if (user.id !== caller) assertAllowed(metadata, caller, 'readUsers');
  return userDetails(user);
}

export function getUsers(context: OperationContext): UserRecord[] {
  const metadata = context.shard.metadata;
  assertAllowed(metadata, callerId(context), 'readUsers');
  return [...metadata.users.values()].sort((a, b) => a.id - b.id).map(userRecord);
}

export async function createUser(context: OperationContext, request: CreateUserRequest): Promise<UserDetails> {
  assertAllowed(context.shard.metadata, callerId(context), 'manageUsers');
  const result = await runMetadataCommand(context, {
    kind: 'createUser',
    username: request.username,
    password: request.password,
    status: metaUserStatus(request.status),
    permissions: request.permissions,
  });
  return userDetails(context.shard.metadata.getUser(result.userId!));
}

/** The control plane also disconnects the user's clients on every shard and transport. */
export async function deleteUser(context: OperationContext, request: DeleteUserRequest): Promise<void> {
  assertAllowed(context.shard.metadata, callerId(context), 'manageUsers');
  await runMetadataCommand(context, { kind: 'deleteUser', userId: request.userId });
}

export async function updateUser(context: OperationContext, request: UpdateUserRequest): Promise<void> {
  assertAllowed(context.shard.metadata, callerId(context), 'manageUsers');
  await runMetadataCommand(context, {
    kind: 'updateUser',
    userId: request.userId,
    username: request.username,
    status: request.status === null ? null : metaUserStatus(request.status),
  });
}

export async function updatePermissions(context: OperationContext, request: UpdatePermissionsRequest): Promise<void> {
  assertAllowed(context.shard.metadata, callerId(context), 'manageUsers');
  await runMetadataCommand(context, { kind: 'updatePermissions', userId: request.userId, permissions: request.permissions });
}

export async function changePassword(context: OperationContext, request: ChangePasswordRequest): Promise<void> {
  const caller = callerId(context);
  if (!isSelf(context.shard.metadata, caller, request.userId)) assertAllowed(context.shard.metadata, caller, 'manageUsers');
  // Iggy: the target's current password must verify in every case (the store checks it).
  await runMetadataCommand(context, {
    kind: 'changePassword',
    userId: request.userId,
    currentPassword: request.currentPassword,
    newPassword: request.newPassword,
    checkCurrent: true,
  });
}
