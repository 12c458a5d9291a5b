// Checks stampBatchChecksums against stampMessageChecksum per record on seeded random batches
// (varied payload and header sizes, empty headers, offsets inside larger buffers, batches
// longer than one wasm chunk) and that malformed batches are refused without changes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stampBatchChecksums, stampBatchChecksumsWith } from '../src/index.js';
import { WASM_CHUNK_SIZE_MAX_BYTES, loadXxh3Wasm, stampChecksumsBatch, xxh3WasmKernel } from '../src/checksum-wasm.js';
import { assertSameBytes, buildBatch, randomBytes, randomShapes, seededRandom, stampedPerRecord } from './checksum-records.js';

test('stampBatchChecksums equals per-record stamping on random batches', () => {
  const next = seededRandom(10);
  for (let round = 0; round < 200; round += 1) {
    const count = 1 + (next() % 40);
    const batch = buildBatch(next, randomShapes(next, count, round % 2 === 0 ? 300 : 5000));
    const expected = stampedPerRecord(batch, 0, count);
    const withoutLength = Buffer.from(batch);
    stampBatchChecksums(withoutLength, 0, count);
    assertSameBytes(withoutLength, expected, `round ${round} (length walked)`);
    const withLength = Buffer.from(batch);
    stampBatchChecksums(withLength, 0, count, batch.length);
    assertSameBytes(withLength, expected, `round ${round} (length given)`);
  }
});

test('records with no payload and no headers (64-byte records) are stamped', () => {
  const next = seededRandom(11);
  const batch = buildBatch(next, Array.from({ length: 17 }, () => ({ payloadBytes: 0, userHeadersBytes: 0 })));
  const stamped = Buffer.from(batch);
  stampBatchChecksums(stamped, 0, 17, batch.length);
  assertSameBytes(stamped, stampedPerRecord(batch, 0, 17), '64-byte records');
});

test('a batch inside a larger buffer is stamped in place and nothing around it changes', () => {
  const next = seededRandom(12);
  const count = 25;
  const batch = buildBatch(next, randomShapes(next, count, 2000));
  const before = randomBytes(next, 37);
  const after = randomBytes(next, 91);
  const buffer = Buffer.concat([before, batch, after]);
  const expected = stampedPerRecord(buffer, before.length, count);
  stampChecksumsBatch(buffer, before.length, batch.length, count);
  assertSameBytes(buffer, expected, 'whole buffer');
  assertSameBytes(buffer.subarray(0, before.length), before, 'bytes before');
  assertSameBytes(buffer.subarray(before.length + batch.length), after, 'bytes after');
});

test('copying the whole chunk back gives the same bytes as copying back checksums only', () => {
  const next = seededRandom(13);
  const whole = loadXxh3Wasm(undefined, { copyBack: 'whole' });
  assert.notEqual(whole, null);
  for (let round = 0; round < 20; round += 1) {
    const count = 1 + (next() % 30);
    const batch = buildBatch(next, randomShapes(next, count, 3000));
    const stamped = Buffer.from(batch);
    stampBatchChecksumsWith(whole, stamped, 0, count, batch.length);
    assertSameBytes(stamped, stampedPerRecord(batch, 0, count), `round ${round}`);
  }
});

test('batches longer than the chunk bound are stamped in chunks of whole records', () => {
  const next = seededRandom(14);
  for (const chunkSizeMaxBytes of [64, 1000, 4096, 20000]) {
    for (const copyBack of ['checksums', 'whole'] as const) {
      const kernel = loadXxh3Wasm(undefined, { copyBack, chunkSizeMaxBytes });
      assert.notEqual(kernel, null);
      for (let round = 0; round < 20; round += 1) {
        const count = 1 + (next() % 40);
        // Some records exceed the bound on their own: they go alone in a chunk.
        const batch = buildBatch(next, randomShapes(next, count, 3000));
        const stamped = Buffer.from(batch);
        stampBatchChecksumsWith(kernel, stamped, 0, count, batch.length);
        assertSameBytes(stamped, stampedPerRecord(batch, 0, count), `bound ${chunkSizeMaxBytes} ${copyBack} round ${round}`);
      }
    }
  }
});

test('a batch above the default 64 MiB bound is split and stamped', () => {
  const next = seededRandom(15);
  const big = 30 * 1024 * 1024;
  const shapes = [
    { payloadBytes: big, userHeadersBytes: 100 },
    { payloadBytes: 10, userHeadersBytes: 0 },
    { payloadBytes: big, userHeadersBytes: 0 },
    { payloadBytes: big + 5, userHeadersBytes: 7 },
    { payloadBytes: 0, userHeadersBytes: 0 },
  ];
  const batch = buildBatch(next, shapes);
  assert.ok(batch.length > WASM_CHUNK_SIZE_MAX_BYTES);
  const stamped = Buffer.from(batch);
  stampBatchChecksums(stamped, 0, shapes.length, batch.length);
  assertSameBytes(stamped, stampedPerRecord(batch, 0, shapes.length), 'default bound');
});

test('records that do not tile the given length are refused and the buffer is unchanged', () => {
  const next = seededRandom(16);
  const count = 5;
  const batch = buildBatch(next, randomShapes(next, count, 500));
  for (const kernel of [xxh3WasmKernel, null]) {
    const label = kernel === null ? 'napi' : 'wasm';
    const shorter = Buffer.from(batch);
    assert.throws(() => stampBatchChecksumsWith(kernel, shorter, 0, count, batch.length - 1), RangeError, `${label} short`);
    assertSameBytes(shorter, batch, `${label} short: unchanged`);
    const longer = Buffer.concat([batch, Buffer.alloc(64)]);
    assert.throws(() => stampBatchChecksumsWith(kernel, longer, 0, count, longer.length), RangeError, `${label} long`);
    assertSameBytes(longer.subarray(0, batch.length), batch, `${label} long: unchanged`);
    const lying = Buffer.from(batch);
    lying.writeUInt32LE(0xffff_ffff, 52);
    assert.throws(() => stampBatchChecksumsWith(kernel, lying, 0, count), RangeError, `${label} lying length`);
    assert.throws(() => stampBatchChecksumsWith(kernel, lying, 0, count, batch.length), RangeError, `${label} lying length given`);
    assert.equal(lying.readUInt32LE(0), 0, `${label} lying length: first checksum not written`);
    assert.throws(() => stampBatchChecksumsWith(kernel, batch, 10, count), RangeError, `${label} start inside a record`);
  }
});
