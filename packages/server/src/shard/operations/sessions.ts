/**
 * Session operations: ping, log in with a password or a personal access token, log out. The
 * credentials are checked against the shard's local metadata copy, so a login never waits on
 * another thread. A successful login binds the user to the caller's session.
 */
import { ErrorCode, IggyError, type LoginUserRequest, type LoginWithPersonalAccessTokenRequest } from '@iggy-node/protocol';
import { verifyPassword } from '../../metadata/password-hasher.js';
import { hashToken } from '../../metadata/token-hasher.js';
import type { OperationContext } from './context.js';

/** A heartbeat: the connection is alive (heartbeat verifier). */
export function ping(context: OperationContext): void {
  context.session.lastHeartbeatMs = Date.now();
}

export async function loginUser(context: OperationContext, request: LoginUserRequest): Promise<{ userId: number }> {
  const user = context.shard.metadata.findUserByUsername(request.username);
  // Same answer for unknown user and wrong password: do not reveal which usernames exist.
  if (!user || !(await verifyPassword(user.passwordHash, request.password))) throw new IggyError(ErrorCode.InvalidCredentials);
  if (user.status !== 'active') throw new IggyError(ErrorCode.UserInactive);
  context.session.userId = user.id;
  return { userId: user.id };
}

export function loginWithPersonalAccessToken(context: OperationContext, request: LoginWithPersonalAccessTokenRequest): { userId: number } {
  const { metadata } = context.shard;
  const token = metadata.findPersonalAccessTokenByHash(hashToken(request.token));
  // Iggy answers an unknown token with 20 (resource_not_found), not 53.
  if (!token) throw new IggyError(ErrorCode.ResourceNotFound);
  const nowMicros = BigInt(Date.now()) * 1000n;
  if (token.expiryAtMicros !== null && token.expiryAtMicros <= nowMicros) throw new IggyError(ErrorCode.PersonalAccessTokenExpired);
  const user = metadata.findUser(token.userId);
  if (!user) throw new IggyError(ErrorCode.ResourceNotFound);
  if (user.status !== 'active') throw new IggyError(ErrorCode.UserInactive);
  context.session.userId = user.id;
  return { userId: user.id };
}

export function logoutUser(context: OperationContext): void {
  context.session.userId = null;
}
