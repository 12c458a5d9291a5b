/**
 * The check behind JwtManager's TokenHolderCheck on a shard: the token's user is in this shard's
 * metadata copy and was created no later than the token was issued. A user created after it
 * holds a reused id (the token's user was deleted); the token is not theirs.
 */
import type { Metadata } from '../../../metadata/metadata.js';
import type { TokenHolderCheck } from './jwt-manager.js';

export function tokenHolderCheckOf(currentMetadata: () => Metadata): TokenHolderCheck {
  return (userId, issuedAtMs) => {
    // Looked up on every call: a shard other than the control plane replaces its whole metadata
    // copy on each change, so a captured copy would never see a user created after start-up.
    const user = currentMetadata().users.get(userId);
    // Issued somewhere in [issuedAtMs, issuedAtMs + 1 ms): refused only when surely before the user.
    return user !== undefined && user.createdAtMicros < BigInt(issuedAtMs + 1) * 1000n;
  };
}
