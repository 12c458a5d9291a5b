/** Personal access tokens (Iggy http/personal_access_tokens.rs), login with a PAT included. */
import { ErrorCode, IggyError, PAT_TOKEN_LENGTH_MAX, asObject, personalAccessTokenToJson, readString, readU64 } from '@iggy-node/protocol';
import * as ops from '../../../shard/operations/index.js';
import { emptyReply, jsonReply } from '../http-reply.js';
import { operationContext, type HttpRouteDeps, type RouteEntry } from './route-support.js';
import { identityReply } from './user-routes.js';

export function personalAccessTokenRoutes(deps: HttpRouteDeps): RouteEntry[] {
  return [
    [
      'GET',
      '/personal-access-tokens',
      {
        handle: (r) => {
          const tokens = ops.personalAccessTokens.getPersonalAccessTokens(operationContext(deps, r));
          return jsonReply([...tokens].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(personalAccessTokenToJson));
        },
      },
    ],
    [
      'POST',
      '/personal-access-tokens',
      {
        jsonBody: true,
        handle: async (r) => {
          const body = asObject(r.body);
          const created = await ops.personalAccessTokens.createPersonalAccessToken(operationContext(deps, r), { name: readString(body, 'name'), expiry: readU64(body, 'expiry') });
          return jsonReply({ token: created.token });
        },
      },
    ],
    [
      'DELETE',
      '/personal-access-tokens/{name}',
      {
        handle: async (r) => {
          await ops.personalAccessTokens.deletePersonalAccessToken(operationContext(deps, r), { name: r.params.name ?? '' });
          return emptyReply(204);
        },
      },
    ],
    [
      'POST',
      '/personal-access-tokens/login',
      {
        jsonBody: true,
        handle: async (r) => {
          const token = readString(asObject(r.body), 'token');
          const length = Buffer.byteLength(token);
          if (length === 0 || length > PAT_TOKEN_LENGTH_MAX) throw new IggyError(ErrorCode.InvalidPersonalAccessToken, `token of ${length} bytes`);
          const { userId } = ops.sessions.loginWithPersonalAccessToken(operationContext(deps, r), { token });
          return identityReply(userId, await deps.jwt.issue(userId));
        },
      },
    ],
  ];
}
