// Messages sent with id 0 get a random 128-bit id on the partition owner, as Iggy 0.7 does: a
// UUID v4 stored little-endian (UUID byte b at id byte 15 - b), so the version nibble is id byte 9
// and the variant bits id byte 7. Messages with an id keep it.
import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { test } from 'node:test';
import { stampMessages } from '../../../src/storage/message-stamper.js';
import { SegmentIndex } from '../../../src/storage/segment-index.js';

const RECORD_HEADER_BYTES = 64;
const ID_AT = 8;

function batchOf(ids: readonly (bigint | 0n)[], payloadBytes: number): Buffer {
  const records = ids.map((id) => {
    const record = randomFillSync(Buffer.alloc(RECORD_HEADER_BYTES + payloadBytes));
    record.fill(0, 0, 8); // checksum, stamped by the server
    record.writeBigUInt64LE(id & 0xffff_ffff_ffff_ffffn, ID_AT);
    record.writeBigUInt64LE(id >> 64n, ID_AT + 8);
    record.writeUInt32LE(0, 48); // user headers
    record.writeUInt32LE(payloadBytes, 52);
    return record;
  });
  return Buffer.concat(records);
}

test('id 0 becomes a distinct random UUID v4 per message; given ids are kept', () => {
  const count = 1000;
  const ids = Array.from({ length: count }, (_, i) => (i % 10 === 9 ? BigInt(i) * 0x1_0000_0000_0000_0001n : 0n));
  const payloadBytes = 37;
  const batch = batchOf(ids, payloadBytes);
  stampMessages(batch, count, { firstOffset: 0, segmentStartOffset: 0, logPosition: 0, timestampMicros: 1_700_000_000_000_000n, entries: SegmentIndex.empty() });
  const seen = new Set<string>();
  for (let i = 0; i < count; i += 1) {
    const at = i * (RECORD_HEADER_BYTES + payloadBytes) + ID_AT;
    const id = batch.subarray(at, at + 16);
    if (ids[i] !== 0n) {
      const expected = Buffer.alloc(16);
      expected.writeBigUInt64LE(ids[i]! & 0xffff_ffff_ffff_ffffn, 0);
      expected.writeBigUInt64LE(ids[i]! >> 64n, 8);
      assert.ok(id.equals(expected), `message ${i} keeps its id`);
      continue;
    }
    assert.equal(id[9]! >> 4, 4, `message ${i}: UUID version 4`);
    assert.equal(id[7]! >> 6, 0b10, `message ${i}: RFC 4122 variant`);
    const text = id.toString('hex');
    assert.ok(!seen.has(text), `message ${i}: id repeated`);
    seen.add(text);
    // Bytes come from the random fill, not from the record's old content or a neighbour's id.
    assert.notEqual(text, '00000000000000000000000000000000');
  }
  assert.equal(seen.size, count - count / 10);
});
