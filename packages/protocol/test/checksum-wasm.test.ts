// Checks our wasm XXH3-64 against @node-rs/xxhash (xxh3_64Napi) over seeded random data: every
// length 0..2048, the length-class boundaries, random lengths up to 1 MiB, and the exported
// xxh3_64 / stampMessageChecksum that now use the kernel.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stampMessageChecksum, xxh3_64, xxh3_64Napi } from '../src/index.js';
import { xxh3WasmKernel, xxh3_64Wasm } from '../src/checksum-wasm.js';
import { randomBytes, seededRandom } from './checksum-records.js';

test('the checked-in wasm kernel loads', () => {
  assert.notEqual(xxh3WasmKernel, null);
});

test('xxh3_64Wasm equals napi xxh3 for every length 0..2048', () => {
  const next = seededRandom(1);
  const data = randomBytes(next, 2048);
  for (let length = 0; length <= 2048; length += 1) {
    const bytes = data.subarray(0, length);
    assert.equal(xxh3_64Wasm(bytes), xxh3_64Napi(bytes), `length ${length}`);
  }
});

test('xxh3_64Wasm equals napi xxh3 at every length class boundary with fresh data', () => {
  const next = seededRandom(2);
  // 1-3, 4-8, 9-16, 17-128, 129-240, >240 (blocks of 1024 bytes, stripes of 64).
  const edges = [0, 1, 3, 4, 8, 9, 16, 17, 32, 33, 64, 65, 96, 97, 128, 129, 240, 241, 1023, 1024, 1025, 1088, 2049, 4096];
  for (const edge of edges) {
    for (let round = 0; round < 20; round += 1) {
      const bytes = randomBytes(next, edge);
      assert.equal(xxh3_64Wasm(bytes), xxh3_64Napi(bytes), `length ${edge} round ${round}`);
    }
  }
});

test('xxh3_64Wasm equals napi xxh3 for random lengths up to 1 MiB', () => {
  const next = seededRandom(3);
  const lengths = [1024 * 1024, 1024 * 1024 - 1, 65536, 65537];
  for (let i = 0; i < 12; i += 1) lengths.push(next() % (1024 * 1024 + 1));
  for (const length of lengths) {
    const bytes = randomBytes(next, length);
    assert.equal(xxh3_64Wasm(bytes), xxh3_64Napi(bytes), `length ${length}`);
  }
});

test('xxh3_64Wasm gives high-bit hashes as unsigned', () => {
  // Half of all hashes have bit 63 set; wasm hands i64 to JS as a signed BigInt.
  const next = seededRandom(4);
  let highBitSeen = false;
  for (let i = 0; i < 64; i += 1) {
    const hash = xxh3_64Wasm(randomBytes(next, 100));
    assert.ok(hash >= 0n && hash < 1n << 64n);
    highBitSeen ||= hash >= 1n << 63n;
  }
  assert.ok(highBitSeen);
});

test('xxh3_64 and stampMessageChecksum (wasm when loaded) equal napi', () => {
  const next = seededRandom(5);
  for (let round = 0; round < 300; round += 1) {
    const bytes = randomBytes(next, next() % 3000);
    assert.equal(xxh3_64(bytes), xxh3_64Napi(bytes), `length ${bytes.length}`);
    const record = Buffer.concat([Buffer.alloc(8), bytes]);
    stampMessageChecksum(record, 0, record.length);
    assert.equal(record.readBigUInt64LE(0), xxh3_64Napi(bytes), `record of ${record.length} bytes`);
  }
});
