import { createCipheriv, createDecipheriv, createSecretKey, randomFillSync, type KeyObject } from 'node:crypto';
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';

/** AES-256 takes a 32-byte key. */
export const AES_256_GCM_KEY_BYTES = 32;
/** Iggy 0.7 (aes-gcm crate): a 96-bit random nonce in front of the ciphertext. */
export const AES_256_GCM_NONCE_BYTES = 12;
/** The 128-bit authentication tag behind the ciphertext. */
export const AES_256_GCM_TAG_BYTES = 16;
/** Bytes an encrypted value is longer than its plaintext. */
export const AES_256_GCM_OVERHEAD_BYTES = AES_256_GCM_NONCE_BYTES + AES_256_GCM_TAG_BYTES;

/** Encrypts and decrypts opaque byte strings; what Iggy's SDKs call an encryptor. */
export interface MessageEncryptor {
  encrypt(plaintext: Uint8Array): Buffer;
  /** Throws IggyError CannotDecryptData when the bytes were not encrypted with this key. */
  decrypt(ciphertext: Uint8Array): Buffer;
}

/**
 * AES-256-GCM with Iggy 0.7's layout (core/common/src/utils/crypto.rs): nonce (12 random
 * bytes) ‖ ciphertext ‖ tag (16 bytes), no associated data. A value encrypted here decrypts
 * in Iggy and the other way round, so data and keys move between the two.
 */
export class Aes256GcmEncryptor implements MessageEncryptor {
  /** A KeyObject, not the raw bytes: createCipheriv then skips re-importing the key (~3x cheaper per call). */
  readonly #key: KeyObject;

  constructor(key: Uint8Array) {
    if (key.length !== AES_256_GCM_KEY_BYTES) {
      throw new IggyError(ErrorCode.InvalidEncryptionKey, `an AES-256 key has ${AES_256_GCM_KEY_BYTES} bytes, got ${key.length}`);
    }
    this.#key = createSecretKey(Buffer.from(key));
  }

  /** The key as Iggy's config holds it: base64 of exactly 32 bytes. */
  static fromBase64Key(key: string): Aes256GcmEncryptor {
    const trimmed = key.trim();
    // Buffer.from(…, 'base64') skips characters it does not know; refuse them instead.
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(trimmed)) throw new IggyError(ErrorCode.InvalidEncryptionKey, 'the key is not base64');
    return new Aes256GcmEncryptor(Buffer.from(trimmed, 'base64'));
  }

  encrypt(plaintext: Uint8Array): Buffer {
    const out = Buffer.allocUnsafe(AES_256_GCM_OVERHEAD_BYTES + plaintext.length);
    this.encryptInto(plaintext, out, 0);
    return out;
  }

  /**
   * Writes nonce ‖ ciphertext ‖ tag at `at` (plaintext.length + 28 bytes); returns the bytes
   * written. `nonce`: 12 random bytes the caller drew (one randomFillSync for a whole batch is
   * far cheaper than one per value); drawn here when omitted. Never reuse a nonce with a key.
   */
  encryptInto(plaintext: Uint8Array, target: Buffer, at: number, nonce?: Uint8Array): number {
    const nonceView = target.subarray(at, at + AES_256_GCM_NONCE_BYTES);
    if (nonce === undefined) randomFillSync(nonceView);
    else nonceView.set(nonce.subarray(0, AES_256_GCM_NONCE_BYTES));
    const cipher = createCipheriv('aes-256-gcm', this.#key, nonceView);
    let written = AES_256_GCM_NONCE_BYTES;
    written += copyInto(cipher.update(plaintext), target, at + written);
    written += copyInto(cipher.final(), target, at + written);
    written += copyInto(cipher.getAuthTag(), target, at + written);
    return written;
  }

  decrypt(ciphertext: Uint8Array): Buffer {
    if (ciphertext.length < AES_256_GCM_OVERHEAD_BYTES) {
      throw new IggyError(ErrorCode.CannotDecryptData, `${ciphertext.length} bytes are too short for AES-256-GCM`);
    }
    const data = Buffer.from(ciphertext.buffer, ciphertext.byteOffset, ciphertext.byteLength);
    const tagAt = data.length - AES_256_GCM_TAG_BYTES;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, data.subarray(0, AES_256_GCM_NONCE_BYTES));
      decipher.setAuthTag(data.subarray(tagAt));
      const first = decipher.update(data.subarray(AES_256_GCM_NONCE_BYTES, tagAt));
      const last = decipher.final();
      return last.length === 0 ? first : Buffer.concat([first, last]);
    } catch {
      throw new IggyError(ErrorCode.CannotDecryptData, 'authentication failed: wrong key or altered data');
    }
  }
}

function copyInto(source: Buffer, target: Buffer, at: number): number {
  return source.length === 0 ? 0 : source.copy(target, at);
}
