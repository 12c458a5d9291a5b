import { randomFillSync } from 'node:crypto';
import { AES_256_GCM_NONCE_BYTES, AES_256_GCM_OVERHEAD_BYTES, type Aes256GcmEncryptor } from '@iggy-node/protocol';
import type { Logger } from 'pino';
import { MESSAGE_HEADER_SIZE } from './storage-limits.js';

const USER_HEADERS_LENGTH_AT = 48;
const PAYLOAD_LENGTH_AT = 52;

/**
 * Server-side encryption of a SendMessages messages section (server-semantics.md §6): each
 * record's payload becomes nonce ‖ ciphertext ‖ tag and its payload length grows by 28; the
 * header and user headers stay as they are. Returns a new section (the only copy the
 * encryption path makes), to be stamped afterwards, so offsets, positions, sizes and checksums
 * all describe the encrypted bytes, as in Iggy 0.7.
 */
export function encryptMessagesSection(messages: Buffer, messagesCount: number, encryptor: Aes256GcmEncryptor): Buffer {
  const out = Buffer.allocUnsafe(messages.length + messagesCount * AES_256_GCM_OVERHEAD_BYTES);
  // One draw of random nonces for the batch: a randomFillSync per message costs more than the AES.
  const nonces = randomFillSync(Buffer.allocUnsafe(messagesCount * AES_256_GCM_NONCE_BYTES));
  let from = 0;
  let to = 0;
  for (let i = 0; i < messagesCount; i += 1) {
    const payloadLength = messages.readUInt32LE(from + PAYLOAD_LENGTH_AT);
    const userHeadersLength = messages.readUInt32LE(from + USER_HEADERS_LENGTH_AT);
    messages.copy(out, to, from, from + MESSAGE_HEADER_SIZE);
    const payloadAt = from + MESSAGE_HEADER_SIZE;
    const nonce = nonces.subarray(i * AES_256_GCM_NONCE_BYTES, (i + 1) * AES_256_GCM_NONCE_BYTES);
    const encryptedLength = encryptor.encryptInto(messages.subarray(payloadAt, payloadAt + payloadLength), out, to + MESSAGE_HEADER_SIZE, nonce);
    out.writeUInt32LE(encryptedLength, to + PAYLOAD_LENGTH_AT);
    const headersFrom = payloadAt + payloadLength;
    messages.copy(out, to + MESSAGE_HEADER_SIZE + encryptedLength, headersFrom, headersFrom + userHeadersLength);
    from = headersFrom + userHeadersLength;
    to += MESSAGE_HEADER_SIZE + encryptedLength + userHeadersLength;
  }
  return out;
}

export interface DecryptedRecords {
  /** Bytes of the decrypted records, from the same start. */
  byteLength: number;
  count: number;
  /** Records that failed to decrypt (skipped and logged, as Iggy 0.7 does). */
  skipped: number;
}

/**
 * The inverse for a poll, in place: the stored records at buffer[at, at + byteLength) (whole
 * records back to back) get their payloads decrypted and payload lengths corrected, each record
 * moved down over the 28 bytes its predecessors shrank by; the checksum field stays as stored
 * (it covers the encrypted bytes). A record that does not decrypt is logged and left out, which
 * is Iggy 0.7's behaviour: a poll never fails for one damaged record. Node's decipher returns
 * each plaintext as a new Buffer (there is no decrypt-into); nothing else is allocated.
 */
export function decryptRecordsInPlace(buffer: Buffer, at: number, byteLength: number, encryptor: Aes256GcmEncryptor, logger: Logger): DecryptedRecords {
  const end = at + byteLength;
  let from = at;
  let to = at;
  let count = 0;
  let skipped = 0;
  while (from + MESSAGE_HEADER_SIZE <= end) {
    const payloadLength = buffer.readUInt32LE(from + PAYLOAD_LENGTH_AT);
    const userHeadersLength = buffer.readUInt32LE(from + USER_HEADERS_LENGTH_AT);
    const payloadAt = from + MESSAGE_HEADER_SIZE;
    const headersAt = payloadAt + payloadLength;
    const next = headersAt + userHeadersLength;
    let payload: Buffer;
    try {
      payload = encryptor.decrypt(buffer.subarray(payloadAt, headersAt));
    } catch (error) {
      skipped += 1;
      logger.error({ err: error, offset: buffer.readBigUInt64LE(from + 24).toString() }, 'cannot decrypt a stored message; it is left out of the poll');
      from = next;
      continue;
    }
    // Every destination lies at or below its source (to ≤ from, plaintext shorter than the
    // stored payload), and copy() within one buffer is a memmove.
    buffer.copy(buffer, to, from, payloadAt);
    buffer.writeUInt32LE(payload.length, to + PAYLOAD_LENGTH_AT);
    payload.copy(buffer, to + MESSAGE_HEADER_SIZE);
    buffer.copy(buffer, to + MESSAGE_HEADER_SIZE + payload.length, headersAt, next);
    to += MESSAGE_HEADER_SIZE + payload.length + userHeadersLength;
    count += 1;
    from = next;
  }
  return { byteLength: to - at, count, skipped };
}
