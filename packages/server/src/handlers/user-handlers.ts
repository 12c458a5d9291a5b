/**
 * GetUser, GetUsers, CreateUser, DeleteUser, UpdateUser, UpdatePermissions, ChangePassword
 * (Iggy binary/handlers/users). Permission checks read the shard's local metadata copy; every
 * change goes to the control plane, which hashes passwords, commits, and publishes the new
 * metadata before it answers (so the follow-up read here already sees the change).
 */
import {
  CommandCode,
  decodeChangePasswordRequest,
  decodeCreateUserRequest,
  decodeDeleteUserRequest,
  decodeGetUserRequest,
  decodeGetUsersRequest,
  decodeUpdatePermissionsRequest,
  decodeUpdateUserRequest,
  encodeCreateUserResponse,
  encodeGetUserResponse,
  encodeGetUsersResponse,
  UserStatus,
  type Identifier,
  type UserDetails,
  type UserRecord,
} from '@iggy-node/protocol';
import { assertAllowed } from '../auth/permissioner.js';
import type { Metadata } from '../metadata/metadata.js';
import type { UserMeta, UserStatus as MetaUserStatus } from '../metadata/metadata-model.js';
import type { HandlerRegistration } from './command-dispatcher.js';

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
function isSelf(metadata: Metadata, callerId: number, userId: Identifier): boolean {
  if (typeof userId === 'number') return userId === callerId;
  return metadata.findUser(callerId)?.username === userId;
}

export function userHandlers(): HandlerRegistration[] {
  return [
    {
      code: CommandCode.GetUser,
      requiresAuthentication: true,
      handler: ({ shard, session }, payload) => {
        const { userId } = decodeGetUserRequest(payload);
        const metadata = shard.metadata;
        const callerId = session.userId!;
        // Iggy checks a numeric id against the caller before looking it up, so an unprivileged
        // caller cannot probe which ids exist; a name is resolved first.
        if (typeof userId === 'number' && userId !== callerId) assertAllowed(metadata, callerId, 'readUsers');
        const user = metadata.findUser(userId);
        if (!user) return null;
        if (user.id !== callerId) assertAllowed(metadata, callerId, 'readUsers');
        return encodeGetUserResponse(userDetails(user));
      },
    },
    {
      code: CommandCode.GetUsers,
      requiresAuthentication: true,
      handler: ({ shard, session }, payload) => {
        decodeGetUsersRequest(payload);
        assertAllowed(shard.metadata, session.userId!, 'readUsers');
        const users = [...shard.metadata.users.values()].sort((a, b) => a.id - b.id).map(userRecord);
        return users.length === 0 ? null : encodeGetUsersResponse(users);
      },
    },
    {
      code: CommandCode.CreateUser,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const request = decodeCreateUserRequest(payload);
        assertAllowed(shard.metadata, session.userId!, 'manageUsers');
        const result = await shard.bus.sendToControlPlane({
          kind: 'metadataCommand',
          userId: session.userId!,
          command: {
            kind: 'createUser',
            username: request.username,
            password: request.password,
            status: metaUserStatus(request.status),
            permissions: request.permissions,
          },
        });
        return encodeCreateUserResponse(userDetails(shard.metadata.getUser(result.userId!)));
      },
    },
    {
      code: CommandCode.DeleteUser,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { userId } = decodeDeleteUserRequest(payload);
        assertAllowed(shard.metadata, session.userId!, 'manageUsers');
        // The control plane also disconnects the user's clients on every shard.
        await shard.bus.sendToControlPlane({ kind: 'metadataCommand', userId: session.userId!, command: { kind: 'deleteUser', userId } });
        return null;
      },
    },
    {
      code: CommandCode.UpdateUser,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const request = decodeUpdateUserRequest(payload);
        assertAllowed(shard.metadata, session.userId!, 'manageUsers');
        await shard.bus.sendToControlPlane({
          kind: 'metadataCommand',
          userId: session.userId!,
          command: {
            kind: 'updateUser',
            userId: request.userId,
            username: request.username,
            status: request.status === null ? null : metaUserStatus(request.status),
          },
        });
        return null;
      },
    },
    {
      code: CommandCode.UpdatePermissions,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const request = decodeUpdatePermissionsRequest(payload);
        assertAllowed(shard.metadata, session.userId!, 'manageUsers');
        await shard.bus.sendToControlPlane({
          kind: 'metadataCommand',
          userId: session.userId!,
          command: { kind: 'updatePermissions', userId: request.userId, permissions: request.permissions },
        });
        return null;
      },
    },
    {
      code: CommandCode.ChangePassword,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const request = decodeChangePasswordRequest(payload);
        const callerId = session.userId!;
        const self = isSelf(shard.metadata, callerId, request.userId);
        if (!self) assertAllowed(shard.metadata, callerId, 'manageUsers');
        // Iggy: the target's current password must verify in every case (the store checks it).
        await shard.bus.sendToControlPlane({
          kind: 'metadataCommand',
          userId: callerId,
          command: {
            kind: 'changePassword',
            userId: request.userId,
            currentPassword: request.currentPassword,
            newPassword: request.newPassword,
            checkCurrent: true,
          },
        });
        return null;
      },
    },
  ];
}
