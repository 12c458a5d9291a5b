// Goal: a byte-bounded read never skips a record. When the byte bound stops a read inside one
// segment, a smaller record at the start of the next segment must not be served in its place:
// the consumer would get offsets [0, 2], commit 2 and never see offset 1. Over the wire this is a
// poll whose records reach POLL_BYTES_MAX at a segment boundary. (Found by the storage mutation
// run; docs/TESTING.md.)
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { buildNumbered, makeTempDir, openLog, parseRecords } from './storage-test-helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

const HEADER_BYTES = 64;

test('reads: a byte bound that stops inside a segment does not continue with the next segment', async () => {
  // Segment 1: offset 0 (100 bytes), offset 1 (564 bytes: fills it); segment 2: offset 2 (74 bytes).
  const log = await openLog(dir.path, { segmentSizeBytes: 564 });
  await log.append(buildNumbered(1, 'a', 100 - HEADER_BYTES), 1);
  await log.append(buildNumbered(1, 'b', 564 - HEADER_BYTES), 1);
  await log.append(buildNumbered(1, 'c', 74 - HEADER_BYTES), 1);
  assert.equal(log.segmentsCount, 2);

  // 200 bytes: offset 0 fits, offset 1 does not; offset 2 would, but only after offset 1.
  const bounded = await log.readByOffset(0, 10, 200);
  assert.deepEqual(parseRecords(bounded.records).map((r) => r.offset), [0]);
  assert.equal(bounded.count, 1);
  assert.equal(bounded.lastOffset, 0);

  // The consumer goes on from lastOffset + 1 and gets every record, in order.
  const next = await log.readByOffset(bounded.lastOffset + 1, 10, 200);
  assert.deepEqual(parseRecords(next.records).map((r) => r.offset), [1], 'a record larger than the bound comes alone');
  const last = await log.readByOffset(next.lastOffset + 1, 10, 200);
  assert.deepEqual(parseRecords(last.records).map((r) => r.offset), [2]);
  await log.close();
});

test('reads: a byte bound that ends exactly at a segment boundary goes on into the next segment', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: 200 });
  await log.append(buildNumbered(2, 'a', 100 - HEADER_BYTES), 2); // [0, 1] = 200 bytes: full
  await log.append(buildNumbered(2, 'b', 100 - HEADER_BYTES), 2); // [2, 3]
  assert.equal(log.segmentsCount, 2);
  const read = await log.readByOffset(0, 10, 300);
  assert.deepEqual(parseRecords(read.records).map((r) => r.offset), [0, 1, 2]);
  await log.close();
});
