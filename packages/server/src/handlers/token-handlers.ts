/**
 * GetPersonalAccessTokens, CreatePersonalAccessToken, DeletePersonalAccessToken (Iggy
 * binary/handlers/personal_access_tokens). Every command acts on the caller's own tokens and
 * needs no permission beyond being logged in. The raw token exists only in the create response.
 */
import {
  CommandCode,
  decodeCreatePersonalAccessTokenRequest,
  decodeDeletePersonalAccessTokenRequest,
  decodeGetPersonalAccessTokensRequest,
  encodeCreatePersonalAccessTokenResponse,
  encodeGetPersonalAccessTokensResponse,
} from '@iggy-node/protocol';
import type { HandlerRegistration } from './command-dispatcher.js';

export function tokenHandlers(): HandlerRegistration[] {
  return [
    {
      code: CommandCode.GetPersonalAccessTokens,
      requiresAuthentication: true,
      handler: ({ shard, session }, payload) => {
        decodeGetPersonalAccessTokensRequest(payload);
        const tokens = shard.metadata.personalAccessTokensOf(session.userId!);
        if (tokens.length === 0) return null;
        // expiry_at 0 on the wire = never expires.
        return encodeGetPersonalAccessTokensResponse(tokens.map((token) => ({ name: token.name, expiryAt: token.expiryAtMicros ?? 0n })));
      },
    },
    {
      code: CommandCode.CreatePersonalAccessToken,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { name, expiry } = decodeCreatePersonalAccessTokenRequest(payload);
        const result = await shard.bus.sendToControlPlane({
          kind: 'metadataCommand',
          userId: session.userId!,
          command: { kind: 'createPersonalAccessToken', userId: session.userId!, name, expiryMicros: expiry },
        });
        return encodeCreatePersonalAccessTokenResponse({ token: result.token! });
      },
    },
    {
      code: CommandCode.DeletePersonalAccessToken,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { name } = decodeDeletePersonalAccessTokenRequest(payload);
        await shard.bus.sendToControlPlane({
          kind: 'metadataCommand',
          userId: session.userId!,
          command: { kind: 'deletePersonalAccessToken', userId: session.userId!, name },
        });
        return null;
      },
    },
  ];
}
