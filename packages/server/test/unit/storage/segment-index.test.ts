// Goal: the in-memory segment index keeps the exact 16-byte file layout and answers position, timestamp and byte-bound lookups; method: entries built by hand.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SegmentIndex } from '../../../src/storage/segment-index.js';

function buildIndex(count: number): SegmentIndex {
  const index = SegmentIndex.empty();
  // Record i is 100 + i bytes; timestamps repeat in pairs (one batch = one timestamp).
  let end = 0;
  for (let i = 0; i < count; i += 1) {
    end += 100 + i;
    index.append(i, end, Math.floor(i / 2) * 10, 0);
  }
  return index;
}

test('index: entries are laid out as u32 relative offset, u32 end position, u64 timestamp', () => {
  const index = buildIndex(3);
  const bytes = index.bytes();
  assert.equal(bytes.length, 48);
  assert.deepEqual([bytes.readUInt32LE(16), bytes.readUInt32LE(20), bytes.readBigUInt64LE(24)], [1, 201, 0n]);
  assert.deepEqual([index.startPosition(0), index.startPosition(2), index.endPosition(2)], [0, 201, 303]);
});

test('index: grows past its initial capacity and earlier views stay valid', () => {
  const index = buildIndex(10);
  const early = index.bytes(0, 10);
  const copy = Buffer.from(early);
  for (let i = 10; i < 5000; i += 1) index.append(i, index.endPosition(i - 1) + 64, 0, 1);
  assert.equal(index.count, 5000);
  assert.deepEqual(early, copy);
  assert.equal(index.timestamp(4999), 1n << 32n);
});

test('index: timestamp lower bound and byte-bounded last index', () => {
  const index = buildIndex(10);
  assert.equal(index.lowerBoundByTimestamp(0n), 0);
  assert.equal(index.lowerBoundByTimestamp(15n), 4);
  assert.equal(index.lowerBoundByTimestamp(20n), 4);
  assert.equal(index.lowerBoundByTimestamp(1000n), 10);
  // From entry 2 (starts at 201): records 102, 103, 104 bytes.
  assert.equal(index.lastIndexWithin(2, 10, 201, 205), 3);
  assert.equal(index.lastIndexWithin(2, 10, 201, 101), 1, 'nothing fits');
});

test('index: a slice read from a file answers for its own range only', () => {
  const full = buildIndex(6);
  const slice = SegmentIndex.fromBytes(Buffer.from(full.bytes(2, 5)), 2);
  assert.equal(slice.endIndex, 5);
  assert.equal(slice.startPosition(3), full.startPosition(3));
  assert.throws(() => slice.endPosition(5));
  assert.throws(() => slice.append(5, 0, 0, 0));
});
