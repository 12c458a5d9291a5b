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
  /** One buffer per input chunk that kept at least one record. */
  records: Buffer[];
  count: number;
  /** Records that failed to decrypt (skipped and logged, as Iggy 0.7 does). */
  skipped: number;
}

/**
 * The inverse for a poll: stored records (whole records back to back in each chunk) with their
 * payloads decrypted and payload lengths corrected; the checksum field stays as stored
 * (it covers the encrypted bytes). A record that does not decrypt is logged and left out,
 * which is Iggy 0.7's behaviour: a poll never fails for one damaged record.
 */
export function decryptRecords(chunks: readonly Uint8Array[], encryptor: Aes256GcmEncryptor, logger: Logger): DecryptedRecords {
  const records: Buffer[] = [];
  let count = 0;
  let skipped = 0;
  for (const chunk of chunks) {
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // Decrypted records are never longer than the stored ones.
    const out = Buffer.allocUnsafe(data.length);
    let from = 0;
    let to = 0;
    while (from + MESSAGE_HEADER_SIZE <= data.length) {
      const payloadLength = data.readUInt32LE(from + PAYLOAD_LENGTH_AT);
      const userHeadersLength = data.readUInt32LE(from + USER_HEADERS_LENGTH_AT);
      const payloadAt = from + MESSAGE_HEADER_SIZE;
      const headersAt = payloadAt + payloadLength;
      const next = headersAt + userHeadersLength;
      let payload: Buffer;
      try {
        payload = encryptor.decrypt(data.subarray(payloadAt, headersAt));
      } catch (error) {
        skipped += 1;
        logger.error({ err: error, offset: data.readBigUInt64LE(from + 24).toString() }, 'cannot decrypt a stored message; it is left out of the poll');
        from = next;
        continue;
      }
      data.copy(out, to, from, payloadAt);
      out.writeUInt32LE(payload.length, to + PAYLOAD_LENGTH_AT);
      payload.copy(out, to + MESSAGE_HEADER_SIZE);
      data.copy(out, to + MESSAGE_HEADER_SIZE + payload.length, headersAt, next);
      to += MESSAGE_HEADER_SIZE + payload.length + userHeadersLength;
      count += 1;
      from = next;
    }
    if (to > 0) records.push(out.subarray(0, to));
  }
  return { records, count, skipped };
}
