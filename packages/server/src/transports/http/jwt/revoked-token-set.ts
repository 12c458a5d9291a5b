/**
 * The revoked access tokens one shard knows: token id → expiry (seconds since epoch). Every
 * shard that serves HTTP holds a copy, filled at start-up from the control plane's store and
 * by each revocation (the control plane tells every shard before a logout or refresh answers,
 * so a revoked token is refused on every shard from then on). An entry whose token has expired
 * is dropped: the token's own `exp` refuses it from then on.
 *
 * Runs on: every shard.
 */
export class RevokedTokenSet {
  readonly #expiryByTokenId = new Map<string, number>();

  has(tokenId: string): boolean {
    return this.#expiryByTokenId.has(tokenId);
  }

  add(tokenId: string, expirySeconds: number): void {
    this.#expiryByTokenId.set(tokenId, expirySeconds);
  }

  get size(): number {
    return this.#expiryByTokenId.size;
  }

  /** Drops entries whose token expired at or before `nowSeconds`. */
  pruneExpired(nowSeconds: number): number {
    let pruned = 0;
    for (const [tokenId, expiry] of this.#expiryByTokenId) {
      if (expiry <= nowSeconds) {
        this.#expiryByTokenId.delete(tokenId);
        pruned++;
      }
    }
    return pruned;
  }

  entries(): [string, number][] {
    return [...this.#expiryByTokenId];
  }
}
