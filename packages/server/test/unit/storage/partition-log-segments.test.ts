// Goal: segment rollover, reads across segments in every index cache mode, segment deletion and purge; method: tiny segment sizes in a temp dir, file listings and reads checked.
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { buildNumbered, makeTempDir, openLog, parseRecords, payloadsOf, steppingClock } from './storage-test-helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

const RECORD_BYTES = 64 + 100;

async function segmentFiles(path: string): Promise<string[]> {
  return (await readdir(path)).filter((name) => name.endsWith('.log')).sort();
}

for (const cacheIndexes of ['all', 'open_segment', 'none'] as const) {
  test(`storage: rollover names segments by start offset and reads span them (cache ${cacheIndexes})`, async () => {
    // Two records fill a segment: each 3-record batch overshoots, then the next batch rolls.
    const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2, cacheIndexes });
    for (let i = 0; i < 4; i += 1) await log.append(buildNumbered(3, `s${i}`, 100), 3);
    assert.deepEqual(await segmentFiles(dir.path), [
      '00000000000000000000.log',
      '00000000000000000003.log',
      '00000000000000000006.log',
      '00000000000000000009.log',
    ]);
    assert.equal(log.segmentsCount, 4);
    assert.equal(log.messagesCount, 12);
    assert.equal(log.sizeBytes, 12 * RECORD_BYTES);
    assert.equal(log.sealedSegmentsSizeBytes, 9 * RECORD_BYTES);

    const read = await log.readByOffset(2, 8);
    assert.deepEqual(parseRecords(read.records).map((r) => r.offset), [2, 3, 4, 5, 6, 7, 8, 9]);
    assert.deepEqual([read.firstOffset, read.lastOffset, read.count], [2, 9, 8]);
    const bounded = await log.readByOffset(1, 100, RECORD_BYTES * 4);
    assert.deepEqual([bounded.firstOffset, bounded.lastOffset], [1, 4]);
    await log.close();

    // The same reads after a restart (indexes loaded per cache mode).
    const reopened = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2, cacheIndexes });
    assert.equal(reopened.nextOffset, 12);
    assert.deepEqual(parseRecords((await reopened.readByOffset(4, 6)).records).map((r) => r.offset), [4, 5, 6, 7, 8, 9]);
    await reopened.close();
  });
}

test('storage: read by timestamp searches sealed segments whose index is not cached', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES, cacheIndexes: 'none', clock: steppingClock(100n, 100n) });
  for (let i = 0; i < 4; i += 1) await log.append(buildNumbered(3, `t${i}`), 3);
  await log.close();
  const reopened = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES, cacheIndexes: 'none' });
  const read = await reopened.readByTimestamp(250n, 4);
  assert.deepEqual(payloadsOf(read.records), ['t2-0', 't2-1', 't2-2', 't3-0']);
  await reopened.close();
});

test('storage: deleteOldestSegments removes sealed segments only, respecting the stored-offset barrier', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2 });
  for (let i = 0; i < 4; i += 1) await log.append(buildNumbered(3, `d${i}`, 100), 3);
  // Barrier at offset 4: only the segment [0..2] has last offset ≤ 4.
  assert.equal(await log.deleteOldestSegments(3, 4), 1);
  assert.equal(log.firstOffset, 3);
  assert.equal(await log.deleteOldestSegments(10), 2, 'never the active segment');
  assert.deepEqual(await segmentFiles(dir.path), ['00000000000000000009.log']);
  assert.equal(await log.deleteOldestSegments(10), 0);
  assert.equal(log.firstOffset, 9);
  assert.equal(log.messagesCount, 3);
  assert.equal(log.nextOffset, 12, 'deleting segments does not touch the partition offset');
  // An offset before the first retained one starts at the first.
  const read = await log.readByOffset(0, 2);
  assert.deepEqual([read.firstOffset, read.lastOffset], [9, 10]);
  await log.close();
});

test('storage: deleteExpiredSegments removes sealed segments whose newest message expired', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES, clock: steppingClock(1000n, 1000n) });
  for (let i = 0; i < 4; i += 1) await log.append(buildNumbered(1, `e${i}`, 100), 1); // times 1000..4000
  assert.equal(log.segmentsCount, 4);
  assert.equal(await log.deleteExpiredSegments(3500n, 1000n), 2); // 1000 and 2000 expired
  assert.equal(log.firstOffset, 2);
  assert.equal(await log.deleteExpiredSegments(100_000n, 1000n), 1, 'the active segment stays');
  await log.close();
});

test('storage: purge deletes every segment and offset file and restarts at offset 0', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2 });
  for (let i = 0; i < 3; i += 1) await log.append(buildNumbered(3, `p${i}`, 100), 3);
  await writeFile(join(dir.path, 'offsets', 'consumers', '7'), Buffer.alloc(8));
  await writeFile(join(dir.path, 'offsets', 'groups', '1'), Buffer.alloc(8));
  const during = log.purge();
  const appendedDuringPurge = log.append(buildNumbered(1, 'after'), 1);
  await during;
  assert.equal((await appendedDuringPurge).firstOffset, 0, 'an append made during the purge lands after it');
  assert.deepEqual(await segmentFiles(dir.path), ['00000000000000000000.log']);
  assert.deepEqual(await readdir(join(dir.path, 'offsets', 'consumers')), []);
  assert.deepEqual(await readdir(join(dir.path, 'offsets', 'groups')), []);
  assert.equal(log.nextOffset, 1);
  assert.equal(log.segmentsCount, 1);
  assert.deepEqual(payloadsOf((await log.readByOffset(0, 10)).records), ['after-0']);
  await log.close();
  const reopened = await openLog(dir.path);
  assert.equal(reopened.nextOffset, 1);
  await reopened.close();
});

test('storage: destroy removes the partition directory', async () => {
  const path = join(dir.path, 'partition');
  const log = await openLog(path);
  await log.append(buildNumbered(2), 2);
  await log.destroy();
  assert.deepEqual(await readdir(dir.path), []);
});
