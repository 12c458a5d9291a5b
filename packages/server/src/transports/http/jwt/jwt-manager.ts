/**
 * Issues and checks the HTTP API's access tokens as Iggy 0.7 does (http-api.md §2): claims
 * `jti` (UUID v7), `iss`, `aud`, `sub` (the user id as a JSON number), `iat`, `exp`, `nbf`, in
 * seconds; validation against `valid_issuers`/`valid_audiences` with `clock_skew` leeway; a
 * token refreshes once (its id is revoked as the new one is issued); logout revokes.
 *
 * Revocation state is shared by every shard through `RevocationLedger` (the control plane
 * decides and tells every shard before answering), so the check here is a local lookup.
 *
 * A token also dies with its user: one whose user was deleted, or was created after the token was
 * issued (user ids are reused), is refused like a revoked one. A binary session gets the same by
 * being closed when its user is deleted; Iggy 0.7 checks only the signature, so its tokens let
 * the next user given the id act for the deleted one — not copied.
 *
 * Runs on: every shard that serves HTTP.
 */
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import type { HttpJwtConfig } from '../../../config/server-config.js';
import type { JwtKeys } from './jwt-keys.js';
import { uuidV7 } from './uuid-v7.js';

/** Iggy's lifetime for `access_token_expiry = "none"`: a billion seconds. */
const NEVER_EXPIRE_SECONDS = 1_000_000_000;

export interface AccessTokenIdentity {
  tokenId: string;
  userId: number;
  /** `exp`, seconds since epoch. */
  expiry: number;
}

export interface IssuedAccessToken {
  token: string;
  /** `exp`, seconds since epoch (what IdentityInfo.access_token.expiry carries). */
  expiry: number;
}

export interface RevocationLedger {
  isRevoked(tokenId: string): boolean;
  /** Revokes on every shard and persists; false when the id was revoked already. */
  revoke(tokenId: string, expirySeconds: number): Promise<boolean>;
}

/**
 * Whether the user `userId` exists now and already existed at `issuedAtMs` (when the token was
 * issued, ms since the epoch, rounded down).
 */
export type TokenHolderCheck = (userId: number, issuedAtMs: number) => boolean;

const UUID_V7 = /^([0-9a-f]{8})-([0-9a-f]{4})-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/**
 * When a token was issued, in ms: from its `jti` when that is a UUID v7 (a 48-bit ms timestamp;
 * ours and Iggy's are), else the last ms of its `iat` second; null when it carries neither.
 */
export function tokenIssuedAtMs(jti: string, iat: unknown): number | null {
  const v7 = UUID_V7.exec(jti);
  if (v7) return parseInt(`${v7[1]}${v7[2]}`, 16);
  return typeof iat === 'number' && Number.isInteger(iat) ? iat * 1000 + 999 : null;
}

interface VerifiedToken extends AccessTokenIdentity {
  issuedAtMs: number | null;
}

export class JwtManager {
  readonly #lifetimeSeconds: number;
  readonly #notBeforeSeconds: number;
  readonly #clockSkewSeconds: number;

  constructor(
    private readonly config: HttpJwtConfig,
    private readonly keys: JwtKeys,
    private readonly ledger: RevocationLedger,
    private readonly holderIsCurrent: TokenHolderCheck,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.#lifetimeSeconds = config.access_token_expiry === null ? NEVER_EXPIRE_SECONDS : Math.floor(config.access_token_expiry / 1000);
    this.#notBeforeSeconds = Math.floor(config.not_before / 1000);
    this.#clockSkewSeconds = Math.floor(config.clock_skew / 1000);
  }

  async issue(userId: number): Promise<IssuedAccessToken> {
    const iat = this.nowSeconds();
    const exp = iat + this.#lifetimeSeconds;
    const claims = { jti: uuidV7(), iss: this.config.issuer, aud: this.config.audience, sub: userId, iat, exp, nbf: iat + this.#notBeforeSeconds };
    // `sub` is a number in Iggy's tokens; jose's types say string, its runtime takes both.
    const token = await new SignJWT(claims as unknown as Record<string, unknown>).setProtectedHeader({ typ: 'JWT', alg: this.keys.algorithm }).sign(this.keys.signKey);
    return { token, expiry: exp };
  }

  /**
   * A valid, unrevoked token's identity, or null (the middleware answers an empty 401). The
   * algorithm in the header must be the configured one.
   */
  async authenticate(token: string): Promise<AccessTokenIdentity | null> {
    const verified = await this.#verify(token).catch(() => null);
    if (verified === null || this.ledger.isRevoked(verified.tokenId) || !this.#holderIsCurrent(verified)) return null;
    return { tokenId: verified.tokenId, userId: verified.userId, expiry: verified.expiry };
  }

  /**
   * POST /users/refresh-token: the token must still verify (else 40; an empty or undecodable
   * one is 78), and is refreshed once: its id is revoked and a new token issued. A second
   * refresh, or a refresh after logout, is 78.
   */
  async refresh(token: string): Promise<{ userId: number; issued: IssuedAccessToken }> {
    if (token.length === 0) throw new IggyError(ErrorCode.InvalidAccessToken, 'empty token');
    try {
      decodeProtectedHeader(token);
    } catch {
      throw new IggyError(ErrorCode.InvalidAccessToken, 'undecodable token');
    }
    let identity: VerifiedToken;
    try {
      identity = await this.#verify(token);
    } catch (error) {
      if (IggyError.is(error)) throw error;
      throw new IggyError(ErrorCode.Unauthenticated, 'token did not verify');
    }
    if (!this.#holderIsCurrent(identity)) throw new IggyError(ErrorCode.Unauthenticated, "the token's user was deleted");
    if (!(await this.ledger.revoke(identity.tokenId, identity.expiry))) throw new IggyError(ErrorCode.InvalidAccessToken, 'token already refreshed or revoked');
    return { userId: identity.userId, issued: await this.issue(identity.userId) };
  }

  /** DELETE /users/logout. */
  async revoke(identity: AccessTokenIdentity): Promise<void> {
    await this.ledger.revoke(identity.tokenId, identity.expiry);
  }

  #holderIsCurrent(token: VerifiedToken): boolean {
    return token.issuedAtMs !== null && this.holderIsCurrent(token.userId, token.issuedAtMs);
  }

  async #verify(token: string): Promise<VerifiedToken> {
    const { alg } = decodeProtectedHeader(token);
    if (alg !== this.keys.algorithm) throw new IggyError(ErrorCode.InvalidJwtAlgorithm, String(alg));
    const { payload } = await jwtVerify(token, this.keys.verifyKey, {
      algorithms: [this.keys.algorithm],
      issuer: this.config.valid_issuers,
      audience: this.config.valid_audiences,
      clockTolerance: this.#clockSkewSeconds,
      currentDate: new Date(this.nowSeconds() * 1000),
      requiredClaims: ['jti', 'exp', 'sub'],
    });
    const sub = payload.sub as unknown;
    if (typeof sub !== 'number' || !Number.isInteger(sub) || sub < 0 || sub > 0xffff_ffff) throw new joseErrors.JWTClaimValidationFailed('sub is not a user id', payload, 'sub');
    if (typeof payload.jti !== 'string' || typeof payload.exp !== 'number') throw new joseErrors.JWTClaimValidationFailed('bad jti/exp', payload);
    return { tokenId: payload.jti, userId: sub, expiry: payload.exp, issuedAtMs: tokenIssuedAtMs(payload.jti, payload.iat) };
  }
}
