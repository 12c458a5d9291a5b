/**
 * Personal access token operations (Iggy shard/system/personal_access_tokens.rs). Every
 * operation acts on the caller's own tokens and needs no permission beyond being logged in.
 * The raw token exists only in the create result.
 */
import type { CreatePersonalAccessTokenRequest, DeletePersonalAccessTokenRequest, PersonalAccessTokenRecord } from '@iggy-node/protocol';
import { callerId, type OperationContext } from './context.js';
import { runMetadataCommand } from './control-plane-call.js';

/** expiryAt 0 = never expires (as on the wire). */
export function getPersonalAccessTokens(context: OperationContext): PersonalAccessTokenRecord[] {
  return context.shard.metadata.personalAccessTokensOf(callerId(context)).map((token) => ({ name: token.name, expiryAt: token.expiryAtMicros ?? 0n }));
}

export async function createPersonalAccessToken(context: OperationContext, request: CreatePersonalAccessTokenRequest): Promise<{ token: string }> {
  const result = await runMetadataCommand(context, {
    kind: 'createPersonalAccessToken',
    userId: callerId(context),
    name: request.name,
    expiryMicros: request.expiry,
  });
  return { token: result.token! };
}

export async function deletePersonalAccessToken(context: OperationContext, request: DeletePersonalAccessTokenRequest): Promise<void> {
  await runMetadataCommand(context, { kind: 'deletePersonalAccessToken', userId: callerId(context), name: request.name });
}
