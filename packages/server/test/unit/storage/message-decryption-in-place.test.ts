// storage: a poll's records are decrypted in place in the slot they were read into
// (decryptRecordsInPlace): each record moves down over the bytes its predecessors shrank by, user
// headers follow their payload, and a record that does not decrypt is left out (Iggy 0.7) without
// disturbing the ones after it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { Aes256GcmEncryptor } from '@iggy-node/protocol';
import { decryptRecordsInPlace, encryptMessagesSection } from '../../../src/storage/message-encryption.js';

const HEADER = 64;

function record(offset: number, payload: Buffer, userHeaders: Buffer): Buffer {
  const header = Buffer.alloc(HEADER);
  header.writeBigUInt64LE(BigInt(offset), 24);
  header.writeUInt32LE(userHeaders.length, 48);
  header.writeUInt32LE(payload.length, 52);
  return Buffer.concat([header, payload, userHeaders]);
}

const encryptor = Aes256GcmEncryptor.fromBase64Key(Buffer.alloc(32, 7).toString('base64'));
const silent = pino({ level: 'silent' });

test('decrypts records in place, headers kept, a damaged record left out', () => {
  const plain = [0, 1, 2, 3].map((i) => record(i, Buffer.from(`payload-${i}-`.repeat(i + 1)), Buffer.from(`h${i}`.repeat(i))));
  const encrypted = encryptMessagesSection(Buffer.concat(plain), plain.length, encryptor);
  // Damage record 1's ciphertext: it must be skipped.
  const second = HEADER + encrypted.readUInt32LE(52) + encrypted.readUInt32LE(48);
  encrypted[second + HEADER + 20] ^= 0xff;
  const at = 24;
  const slot = Buffer.alloc(at + encrypted.length + 5, 0xee);
  encrypted.copy(slot, at);
  const result = decryptRecordsInPlace(slot, at, encrypted.length, encryptor, silent);
  assert.equal(result.count, 3);
  assert.equal(result.skipped, 1);
  const expected = Buffer.concat([plain[0]!, plain[2]!, plain[3]!]);
  assert.equal(result.byteLength, expected.length);
  assert.ok(slot.subarray(at, at + result.byteLength).equals(expected), 'the surviving records, decrypted, back to back');
  assert.ok(slot.subarray(0, at).equals(Buffer.alloc(at, 0xee)), 'nothing written before the records');
});
