// BufferWriter must keep every value when a write makes it grow: the reservation (which may
// replace the backing buffer) has to happen before the write. Method: start with a 1-byte
// capacity so every kind of write triggers a growth, then read everything back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BufferReader } from '../src/buffer-reader.js';
import { BufferWriter } from '../src/buffer-writer.js';

test('values written across growth read back intact', () => {
  const writer = new BufferWriter(1);
  for (let i = 0; i < 200; i++) {
    writer.u8(i & 0xff).u16(i * 3).u32(i * 100_003).u64(BigInt(i) * 1_000_000_007n).f32(i / 4).str8(`n${i}`);
  }
  const reader = new BufferReader(writer.view());
  for (let i = 0; i < 200; i++) {
    assert.equal(reader.u8(), i & 0xff);
    assert.equal(reader.u16(), i * 3);
    assert.equal(reader.u32(), i * 100_003);
    assert.equal(reader.u64(), BigInt(i) * 1_000_000_007n);
    assert.equal(reader.f32(), i / 4);
    assert.equal(reader.str8(), `n${i}`);
  }
  assert.equal(reader.remaining, 0);
});
