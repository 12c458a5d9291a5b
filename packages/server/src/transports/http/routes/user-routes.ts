/** Users, login, logout, refresh (Iggy http/users.rs). Logins answer IdentityInfo with a JWT. */
import {
  asObject,
  has,
  identityToJson,
  permissionsFromJson,
  readString,
  userDetailsToJson,
  userStatusFromText,
  userToJson,
} from '@iggy-node/protocol';
import * as ops from '../../../shard/operations/index.js';
import { notFoundReply } from '../http-errors.js';
import { emptyReply, jsonReply, type HttpReply } from '../http-reply.js';
import type { IssuedAccessToken } from '../jwt/jwt-manager.js';
import { operationContext, pathId, type HttpRouteDeps, type RouteEntry } from './route-support.js';

export function identityReply(userId: number, issued: IssuedAccessToken): HttpReply {
  return jsonReply(identityToJson({ userId, accessToken: { token: issued.token, expiry: BigInt(issued.expiry) } }));
}

export function userRoutes(deps: HttpRouteDeps): RouteEntry[] {
  return [
    [
      'POST',
      '/users/login',
      {
        jsonBody: true,
        handle: async (r) => {
          const body = asObject(r.body);
          let username = readString(body, 'username');
          // Iggy's quirk: an all-digit username is looked up as a numeric user id.
          if (/^\d+$/.test(username)) username = deps.shard.metadata.findUser(Number(username))?.username ?? username;
          const { userId } = await ops.sessions.loginUser(operationContext(deps, r), { username, password: readString(body, 'password') });
          return identityReply(userId, await deps.jwt.issue(userId));
        },
      },
    ],
    [
      'DELETE',
      '/users/logout',
      {
        handle: async (r) => {
          await deps.jwt.revoke(r.identity!);
          return emptyReply(204);
        },
      },
    ],
    [
      'POST',
      '/users/refresh-token',
      {
        jsonBody: true,
        handle: async (r) => {
          const { userId, issued } = await deps.jwt.refresh(readString(asObject(r.body), 'token'));
          return identityReply(userId, issued);
        },
      },
    ],
    ['GET', '/users', { handle: (r) => jsonReply([...ops.users.getUsers(operationContext(deps, r))].sort((a, b) => a.id - b.id).map(userToJson)) }],
    [
      'POST',
      '/users',
      {
        jsonBody: true,
        handle: async (r) => {
          const body = asObject(r.body);
          const user = await ops.users.createUser(operationContext(deps, r), {
            username: readString(body, 'username'),
            password: readString(body, 'password'),
            status: has(body, 'status') ? userStatusFromText(readString(body, 'status')) : userStatusFromText('active'),
            permissions: permissionsFromJson(body.permissions),
          });
          return jsonReply(userDetailsToJson(user));
        },
      },
    ],
    [
      'GET',
      '/users/{user_id}',
      {
        handle: (r) => {
          const user = ops.users.getUser(operationContext(deps, r), { userId: pathId(r, 'user_id') });
          return user ? jsonReply(userDetailsToJson(user)) : notFoundReply();
        },
      },
    ],
    [
      'PUT',
      '/users/{user_id}',
      {
        jsonBody: true,
        handle: async (r) => {
          const body = asObject(r.body);
          await ops.users.updateUser(operationContext(deps, r), {
            userId: pathId(r, 'user_id'),
            username: has(body, 'username') ? readString(body, 'username') : null,
            status: has(body, 'status') ? userStatusFromText(readString(body, 'status')) : null,
          });
          return emptyReply(204);
        },
      },
    ],
    [
      'DELETE',
      '/users/{user_id}',
      {
        handle: async (r) => {
          await ops.users.deleteUser(operationContext(deps, r), { userId: pathId(r, 'user_id') });
          return emptyReply(204);
        },
      },
    ],
    [
      'PUT',
      '/users/{user_id}/permissions',
      {
        jsonBody: true,
        handle: async (r) => {
          await ops.users.updatePermissions(operationContext(deps, r), { userId: pathId(r, 'user_id'), permissions: permissionsFromJson(asObject(r.body).permissions) });
          return emptyReply(204);
        },
      },
    ],
    [
      'PUT',
      '/users/{user_id}/password',
      {
        jsonBody: true,
        handle: async (r) => {
          const body = asObject(r.body);
          await ops.users.changePassword(operationContext(deps, r), {
            userId: pathId(r, 'user_id'),
            currentPassword: readString(body, 'current_password'),
            newPassword: readString(body, 'new_password'),
          });
          return emptyReply(204);
        },
      },
    ],
  ];
}
