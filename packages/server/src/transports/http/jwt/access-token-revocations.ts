/**
 * Revoked access tokens across shards. Every shard serving HTTP checks tokens against its own
 * RevokedTokenSet (a local lookup per request). A revocation (logout, refresh) goes to the
 * control plane, which alone owns the file (RevokedTokenStore): it records the id — refusing a
 * second one, which makes refresh-once hold even when two shards race — and then tells every
 * shard and waits for all of them, so when logout answers 204 no shard accepts the token.
 *
 * Runs on: every shard (the store only on the control plane).
 */
import type { Logger } from 'pino';
import type { ShardBus } from '../../../bus/shard-bus.js';
import type { ShardRequest } from '../../../bus/shard-messages.js';
import { REVOKED_TOKENS_PRUNE_INTERVAL_MS } from '../http-limits.js';
import type { RevocationLedger } from './jwt-manager.js';
import { RevokedTokenSet } from './revoked-token-set.js';
import { RevokedTokenStore, revokedTokensPath } from './revoked-token-store.js';

type RevocationRequest = Extract<ShardRequest, { kind: 'revokeAccessToken' | 'accessTokenRevoked' | 'listRevokedAccessTokens' }>;

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export class AccessTokenRevocations implements RevocationLedger {
  readonly #local = new RevokedTokenSet();
  readonly #store: RevokedTokenStore | null;
  #pruneTimer: NodeJS.Timeout | null = null;

  /** `systemPath` only on the control plane: the store is loaded from it at once. */
  constructor(
    private readonly bus: ShardBus,
    private readonly logger: Logger,
    systemPath: string | null,
  ) {
    this.#store = systemPath === null ? null : RevokedTokenStore.load(revokedTokensPath(systemPath), nowSeconds());
  }

  /** Fills this shard's set from the control plane; call before serving HTTP. */
  async load(): Promise<void> {
    for (const [tokenId, expiry] of await this.bus.sendToControlPlane({ kind: 'listRevokedAccessTokens' })) this.#local.add(tokenId, expiry);
    this.#pruneTimer = setInterval(() => void this.#prune(), REVOKED_TOKENS_PRUNE_INTERVAL_MS).unref();
  }

  stop(): void {
    if (this.#pruneTimer) clearInterval(this.#pruneTimer);
  }

  isRevoked(tokenId: string): boolean {
    return this.#local.has(tokenId);
  }

  revoke(tokenId: string, expirySeconds: number): Promise<boolean> {
    return this.bus.sendToControlPlane({ kind: 'revokeAccessToken', tokenId, expirySeconds });
  }

  /** Bus requests addressed to this shard. */
  async execute(request: RevocationRequest): Promise<boolean | null | [string, number][]> {
    switch (request.kind) {
      case 'accessTokenRevoked':
        this.#local.add(request.tokenId, request.expirySeconds);
        return null;
      case 'listRevokedAccessTokens':
        return this.#requireStore().tokens.entries();
      case 'revokeAccessToken': {
        if (!(await this.#requireStore().revoke(request.tokenId, request.expirySeconds))) return false;
        await this.bus.sendToAllShards({ kind: 'accessTokenRevoked', tokenId: request.tokenId, expirySeconds: request.expirySeconds });
        return true;
      }
    }
  }

  async #prune(): Promise<void> {
    const now = nowSeconds();
    this.#local.pruneExpired(now);
    try {
      await this.#store?.pruneExpired(now);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not prune expired revoked access tokens');
    }
  }

  #requireStore(): RevokedTokenStore {
    if (!this.#store) throw new Error('revoked access tokens are kept by the control plane');
    return this.#store;
  }
}
