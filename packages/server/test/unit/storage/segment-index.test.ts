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
  // Every entry survives each doubling, not only the views taken before it.
  for (let i = 0; i < 5000; i += 1) assert.equal(index.relativeOffset(i), i, `entry ${i}`);
  assert.deepEqual([index.endPosition(9), index.endPosition(10), index.timestamp(9)], [1045, 1109, 40n]);
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
  assert.throws(() => slice.append(5, 0, 0, 0), /only a full index grows/);
});

// Edges (each kills a surviving StrykerJS mutant; docs/TESTING.md).

test('index: guards refuse what would corrupt it (gaps, foreign ranges, partial entries)', () => {
  const index = buildIndex(3);
  assert.throws(() => index.append(4, 1000, 0, 0), /dense/, 'a gap in relative offsets');
  assert.throws(() => index.append(2, 1000, 0, 0), /dense/, 'a repeated relative offset');
  assert.throws(() => index.truncate(4), 'truncate past the end');
  assert.throws(() => index.bytes(0, 4), /not held/);
  assert.throws(() => index.bytes(2, 1), /not held/);
  assert.throws(() => index.timestamp(3), /not held/);
  assert.throws(() => SegmentIndex.fromBytes(Buffer.alloc(20)), /whole entries/);
  const slice = SegmentIndex.fromBytes(Buffer.from(buildIndex(6).bytes(2, 5)), 2);
  assert.throws(() => slice.truncate(1), 'truncate before a slice');
  assert.throws(() => slice.bytes(1, 3), /not held/);
  assert.throws(() => slice.relativeOffset(1), /not held/);
  assert.deepEqual([slice.count, slice.relativeOffset(2), slice.relativeOffset(4)], [3, 2, 4]);
});

test('index: truncate keeps exactly the entries before the cut, and appends continue there', () => {
  const index = buildIndex(5);
  index.truncate(5);
  assert.equal(index.count, 5, 'cut at the end keeps all');
  index.truncate(2);
  assert.deepEqual([index.count, index.endIndex], [2, 2]);
  assert.equal(index.bytes().length, 32);
  index.append(2, index.endPosition(1) + 70, 99, 0);
  assert.deepEqual([index.count, index.endPosition(2), index.timestamp(2)], [3, 201 + 70, 99n]);
  const slice = SegmentIndex.fromBytes(Buffer.from(buildIndex(6).bytes(2, 5)), 2);
  slice.truncate(3);
  assert.deepEqual([slice.count, slice.endIndex], [1, 3]);
  slice.truncate(2);
  assert.equal(slice.count, 0);
});

test('index: timestamp lookups from a starting entry, and byte bounds at the exact edge', () => {
  const index = buildIndex(10); // timestamps 0,0,10,10,20,20,30,30,40,40
  assert.equal(index.lowerBoundByTimestamp(0n, 3), 3, 'never before from');
  assert.equal(index.lowerBoundByTimestamp(20n, 3), 4);
  assert.equal(index.lowerBoundByTimestamp(40n, 9), 9);
  assert.equal(index.lowerBoundByTimestamp(41n, 9), 10);
  assert.equal(index.lowerBoundByTimestamp(10n), 2);
  assert.equal(index.lowerBoundByTimestamp(11n), 4);
  // From entry 2 (starts at 201): records 102, 103, 104 bytes: 102 + 103 = 205 fits exactly.
  assert.equal(index.lastIndexWithin(2, 10, 201, 205), 3);
  assert.equal(index.lastIndexWithin(2, 10, 201, 204), 2);
  assert.equal(index.lastIndexWithin(2, 10, 201, 102), 2);
  assert.equal(index.lastIndexWithin(2, 4, 201, 10_000), 3, 'never past to');
  assert.equal(index.lastIndexWithin(0, 10, 0, 10_000), 9);
});

test('index: a slice answers start positions inside its range from its own entries', () => {
  const full = buildIndex(6);
  const slice = SegmentIndex.fromBytes(Buffer.from(full.bytes(1, 6)), 1);
  for (let i = 2; i < 6; i += 1) assert.equal(slice.startPosition(i), full.startPosition(i), `entry ${i}`);
  assert.equal(slice.lowerBoundByTimestamp(0n), 1, 'from defaults to the first entry held');
  assert.equal(slice.lastIndexWithin(2, 6, full.startPosition(2), 0), 1);
  assert.deepEqual(slice.bytes(), full.bytes(1, 6));
  assert.deepEqual(slice.bytes(2, 3), full.bytes(2, 3), 'a sub-range of a slice ends at to');
  assert.equal(slice.bytes(3, 3).length, 0);
});
