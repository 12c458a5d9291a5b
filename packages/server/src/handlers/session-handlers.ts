/**
 * LoginUser, LogoutUser, LoginWithPersonalAccessToken (Iggy binary/handlers/users,
 * personal_access_tokens). Credentials are checked against the shard's local metadata copy,
 * so a login never waits on another thread.
 */
import {
  CommandCode,
  decodeLoginUserRequest,
  decodeLoginWithPersonalAccessTokenRequest,
  ErrorCode,
  expectEmptyPayload,
  IggyError,
} from '@iggy-node/protocol';
import { verifyPassword } from '../metadata/password-hasher.js';
import { hashToken } from '../metadata/token-hasher.js';
import type { HandlerRegistration } from './command-dispatcher.js';

function userIdPayload(userId: number): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32LE(userId, 0);
  return payload;
}

export function sessionHandlers(): HandlerRegistration[] {
  return [
    {
      code: CommandCode.LoginUser,
      requiresAuthentication: false,
      handler: async ({ shard, session }, payload) => {
        const request = decodeLoginUserRequest(payload);
        const user = shard.metadata.findUserByUsername(request.username);
        // Same answer for unknown user and wrong password: do not reveal which usernames exist.
        if (!user || !(await verifyPassword(user.passwordHash, request.password))) {
          throw new IggyError(ErrorCode.InvalidCredentials);
        }
        if (user.status !== 'active') throw new IggyError(ErrorCode.UserInactive);
        session.userId = user.id;
        return userIdPayload(user.id);
      },
    },
    {
      code: CommandCode.LogoutUser,
      requiresAuthentication: true,
      handler: ({ session }, payload) => {
        expectEmptyPayload(payload);
        session.userId = null;
        return null;
      },
    },
    {
      code: CommandCode.LoginWithPersonalAccessToken,
      requiresAuthentication: false,
      handler: ({ shard, session }, payload) => {
        const request = decodeLoginWithPersonalAccessTokenRequest(payload);
        const token = shard.metadata.findPersonalAccessTokenByHash(hashToken(request.token));
        // Iggy answers an unknown token with 20 (resource_not_found), not 53.
        if (!token) throw new IggyError(ErrorCode.ResourceNotFound);
        const nowMicros = BigInt(Date.now()) * 1000n;
        if (token.expiryAtMicros !== null && token.expiryAtMicros <= nowMicros) throw new IggyError(ErrorCode.PersonalAccessTokenExpired);
        const user = shard.metadata.findUser(token.userId);
        if (!user) throw new IggyError(ErrorCode.ResourceNotFound);
        if (user.status !== 'active') throw new IggyError(ErrorCode.UserInactive);
        session.userId = user.id;
        return userIdPayload(user.id);
      },
    },
  ];
}
