import { randomBytes } from 'node:crypto';
import { blake3 } from '@noble/hashes/blake3.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** Iggy: a personal access token is 50 random bytes in standard Base64 (68 characters). */
const TOKEN_RANDOM_BYTES = 50;

/**
 * What the server keeps of a personal access token: BLAKE3 of the token text, lower-case hex,
 * as Iggy 0.7 stores it (server-semantics.md §5.6). Pure JS (@noble/hashes), no native build.
 */
export function hashToken(raw: string): string {
  return bytesToHex(blake3(Buffer.from(raw, 'utf8')));
}

/** A fresh raw token; shown to the client once, never stored. */
export function generateToken(): string {
  return randomBytes(TOKEN_RANDOM_BYTES).toString('base64');
}
