/**
 * Revoked access tokens on disk (`<system.path>/state/revoked_access_tokens.json`), so a logout
 * or a refresh still holds after a restart (Iggy keeps them in its state directory too).
 * One writer: the control plane. Each change rewrites the small file through a temporary file,
 * fsync and rename, so a crash leaves either the old or the new list, never a torn one. Expired
 * entries are removed by `pruneExpired`, run periodically.
 *
 * Runs on: the control-plane shard.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { REVOKED_ACCESS_TOKENS_MAX } from '../http-limits.js';
import { RevokedTokenSet } from './revoked-token-set.js';

export const REVOKED_ACCESS_TOKENS_FILE_NAME = 'revoked_access_tokens.json';

export function revokedTokensPath(systemPath: string): string {
  return join(systemPath, 'state', REVOKED_ACCESS_TOKENS_FILE_NAME);
}

export class RevokedTokenStore {
  readonly tokens = new RevokedTokenSet();
  /** Writes run one after another so two revocations never race on the temporary file. */
  #writeChain: Promise<void> = Promise.resolve();

  private constructor(private readonly path: string) {}

  /** Loads the list; a missing file is an empty list, an unreadable one stops start-up. */
  static load(path: string, nowSeconds: number): RevokedTokenStore {
    const store = new RevokedTokenStore(path);
    if (existsSync(path)) {
      const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path}: not a JSON object`);
      for (const [tokenId, expiry] of Object.entries(parsed)) {
        if (typeof expiry !== 'number') throw new Error(`${path}: bad expiry for ${tokenId}`);
        if (expiry > nowSeconds) store.tokens.add(tokenId, expiry);
      }
    }
    return store;
  }

  /**
   * Records a revocation. false when the token id was already revoked (a second refresh, or a
   * refresh after logout): the caller answers 78. Persisted before it resolves.
   */
  async revoke(tokenId: string, expirySeconds: number): Promise<boolean> {
    if (this.tokens.has(tokenId)) return false;
    if (this.tokens.size >= REVOKED_ACCESS_TOKENS_MAX) this.tokens.pruneExpired(Math.floor(Date.now() / 1000));
    if (this.tokens.size >= REVOKED_ACCESS_TOKENS_MAX) throw new Error('too many revoked access tokens');
    this.tokens.add(tokenId, expirySeconds);
    await this.#persist();
    return true;
  }

  async pruneExpired(nowSeconds: number): Promise<number> {
    const pruned = this.tokens.pruneExpired(nowSeconds);
    if (pruned > 0) await this.#persist();
    return pruned;
  }

  #persist(): Promise<void> {
    const write = async (): Promise<void> => {
      mkdirSync(dirname(this.path), { recursive: true });
      const text = JSON.stringify(Object.fromEntries(this.tokens.entries()));
      const temporary = `${this.path}.tmp`;
      const file = await open(temporary, 'w');
      try {
        await file.writeFile(text);
        await file.datasync();
      } finally {
        await file.close();
      }
      await rename(temporary, this.path);
    };
    this.#writeChain = this.#writeChain.then(write, write);
    return this.#writeChain;
  }
}
