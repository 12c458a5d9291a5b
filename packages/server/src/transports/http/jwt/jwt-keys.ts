/**
 * Signing and verification keys from `[http.jwt]`: HS256/384/512 with the configured secrets
 * (raw text, or base64 when `use_base64_secret`), RS256/384/512 with PEM keys (encoding_secret =
 * PKCS#8 private key, decoding_secret = SPKI public key). Iggy 0.7 accepts the RS names but
 * loads them with `from_secret`, which cannot work; PEM is what an operator would expect.
 *
 * Runs on: every shard that serves HTTP, once at start-up.
 */
import { importPKCS8, importSPKI, type CryptoKey } from 'jose';
import type { HttpJwtConfig } from '../../../config/server-config.js';

export type JwtAlgorithm = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'RS384' | 'RS512';
const ALGORITHMS: readonly JwtAlgorithm[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512'];

export interface JwtKeys {
  algorithm: JwtAlgorithm;
  signKey: Uint8Array | CryptoKey;
  verifyKey: Uint8Array | CryptoKey;
}

/** Iggy's built-in secret: anyone who read its docs can forge tokens for a server using it. */
export const DEFAULT_JWT_SECRET = 'top_secret$iggy123$_jwt_HS256_key#!';

export class JwtConfigError extends Error {}

function secretBytes(secret: string, base64: boolean, what: string): Uint8Array {
  if (secret.length === 0) throw new JwtConfigError(`http.jwt.${what} is empty`);
  if (!base64) return new TextEncoder().encode(secret);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(secret) || secret.length % 4 !== 0) throw new JwtConfigError(`http.jwt.${what} is not valid base64`);
  return Buffer.from(secret, 'base64');
}

export async function loadJwtKeys(config: HttpJwtConfig): Promise<JwtKeys> {
  const algorithm = config.algorithm as JwtAlgorithm;
  if (!ALGORITHMS.includes(algorithm)) throw new JwtConfigError(`http.jwt.algorithm ${JSON.stringify(config.algorithm)} is not one of ${ALGORITHMS.join(', ')}`);
  if (algorithm.startsWith('HS')) {
    return {
      algorithm,
      signKey: secretBytes(config.encoding_secret, config.use_base64_secret, 'encoding_secret'),
      verifyKey: secretBytes(config.decoding_secret, config.use_base64_secret, 'decoding_secret'),
    };
  }
  try {
    return { algorithm, signKey: await importPKCS8(config.encoding_secret, algorithm), verifyKey: await importSPKI(config.decoding_secret, algorithm) };
  } catch (error) {
    throw new JwtConfigError(`http.jwt ${algorithm} needs PEM keys (encoding_secret PKCS#8, decoding_secret SPKI): ${(error as Error).message}`);
  }
}

/** True when tokens are signed with Iggy's published default secret. */
export function usesDefaultSecret(config: HttpJwtConfig): boolean {
  return config.algorithm.startsWith('HS') && !config.use_base64_secret && (config.encoding_secret === DEFAULT_JWT_SECRET || config.decoding_secret === DEFAULT_JWT_SECRET);
}
