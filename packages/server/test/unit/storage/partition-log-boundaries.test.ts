// Goal: the exact edges of the partition log's rules (retention barriers and expiry, segment
// rollover, byte-bounded reads, lookups over many segments), where an off-by-one would delete a
// segment a consumer still needs, keep one too long, or serve one record too many; method: tiny
// segments and a stepping clock in a temp dir, each rule checked on both sides of its edge.
// (Written to kill surviving StrykerJS mutants; docs/TESTING.md.)
import assert from 'node:assert/strict';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { fileIo, setFileIo, systemFileIo } from '../../../src/storage/file-io.js';
import type { ReadTarget } from '../../../src/storage/partition-log.js';
import { buildNumbered, makeTempDir, openLog, parseRecords, payloadsOf, steppingClock } from './storage-test-helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

const RECORD_HEADER_BYTES = 64;
/** 64-byte header + 100-byte payload. */
const RECORD_BYTES = RECORD_HEADER_BYTES + 100;

test('retention: a segment goes when the stored-offset barrier equals its last offset, not one before', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 3 });
  for (let i = 0; i < 3; i += 1) await log.append(buildNumbered(3, `b${i}`, 100), 3); // [0..2] [3..5] [6..8]
  assert.equal(log.segmentsCount, 3);
  assert.equal(await log.deleteOldestSegments(5, 1), 0, 'offset 2 not consumed yet');
  assert.equal(await log.deleteOldestSegments(5, 2), 1, 'offset 2 consumed: [0..2] may go');
  assert.equal(log.firstOffset, 3);
  assert.equal(await log.deleteOldestSegments(5, 4), 0);
  assert.equal(await log.deleteOldestSegments(5, 5), 1);
  assert.equal(await log.deleteOldestSegments(5, 1_000), 0, 'the active segment stays whatever the barrier');
  assert.equal(log.firstOffset, 6);
  await log.close();
});

test('retention: deleteOldestSegments stops at its count', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES });
  for (let i = 0; i < 4; i += 1) await log.append(buildNumbered(1, `c${i}`, 100), 1);
  assert.equal(await log.deleteOldestSegments(1), 1);
  assert.equal(log.firstOffset, 1);
  assert.equal(await log.deleteOldestSegments(0), 0);
  assert.equal(log.segmentsCount, 3);
  await log.close();
});

test('expiry: a segment expires exactly when its newest message is expiry old, not a microsecond earlier', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES, clock: steppingClock(1000n, 1000n) });
  for (let i = 0; i < 3; i += 1) await log.append(buildNumbered(1, `x${i}`, 100), 1); // times 1000, 2000, 3000
  assert.equal(await log.deleteExpiredSegments(2499n, 1500n), 0, '1000 + 1500 > 2499');
  assert.equal(await log.deleteExpiredSegments(2500n, 1500n), 1, '1000 + 1500 = 2500');
  assert.equal(log.firstOffset, 1);
  await log.close();
});

test('rollover: a segment filled exactly to its size is sealed; one byte short is not', async () => {
  const exact = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2 });
  await exact.append(buildNumbered(1, 'a', 100), 1);
  await exact.append(buildNumbered(1, 'b', 100), 1);
  assert.equal(exact.segmentsCount, 1, 'a batch never starts a new segment before the old is full');
  await exact.append(buildNumbered(1, 'c', 100), 1);
  assert.equal(exact.segmentsCount, 2, 'full at exactly segmentSizeBytes');
  assert.equal(exact.sealedSegmentsSizeBytes, RECORD_BYTES * 2);
  await exact.close();
  await dir.cleanup();
  dir = await makeTempDir();
  const short = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2 + 1 });
  for (let i = 0; i < 3; i += 1) await short.append(buildNumbered(1, `s${i}`, 100), 1);
  assert.equal(short.segmentsCount, 1, 'one byte below full: the third record still joins (and overshoots)');
  await short.append(buildNumbered(1, 's3', 100), 1);
  assert.equal(short.segmentsCount, 2);
  await short.close();
});

test('reads: bytesMax that fits records exactly returns them all; one byte less drops the last', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(5, 'r', 100), 5);
  assert.equal((await log.readByOffset(1, 10, RECORD_BYTES * 3)).count, 3);
  assert.equal((await log.readByOffset(1, 10, RECORD_BYTES * 3 - 1)).count, 2);
  const all = await log.readByOffset(0, 10, RECORD_BYTES * 5);
  assert.deepEqual([all.count, all.firstOffset, all.lastOffset], [5, 0, 4]);
  await log.close();
});

test('reads: a byte bound spanning segments stops inside the later one, and never serves less than one record', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2 });
  for (let i = 0; i < 3; i += 1) await log.append(buildNumbered(2, `g${i}`, 100), 2); // [0,1] [2,3] [4,5]
  const bounded = await log.readByOffset(1, 10, RECORD_BYTES * 2);
  assert.deepEqual(parseRecords(bounded.records).map((r) => r.offset), [1, 2]);
  assert.deepEqual([bounded.firstOffset, bounded.lastOffset, bounded.count], [1, 2, 2]);
  // The first segment's record alone exceeds the bound: still one record, and no more.
  const tiny = await log.readByOffset(3, 10, 10);
  assert.deepEqual([tiny.firstOffset, tiny.lastOffset, tiny.count], [3, 3, 1]);
  // Exactly the rest of a segment: the next segment contributes nothing.
  const rest = await log.readByOffset(2, 10, RECORD_BYTES * 2);
  assert.deepEqual([rest.firstOffset, rest.lastOffset, rest.count], [2, 3, 2]);
  // Bytes left at a segment boundary, but fewer than the next segment's first record: stop there.
  const cut = await log.readByOffset(1, 10, RECORD_BYTES + RECORD_BYTES / 2);
  assert.deepEqual(parseRecords(cut.records).map((r) => r.offset), [1]);
  assert.deepEqual([cut.firstOffset, cut.lastOffset, cut.count], [1, 1, 1]);
  await log.close();
});

// A byte bound that stops inside a segment must not go on with a smaller record of the next one:
// the consumer would get offsets [0, 2], commit 2 and never see offset 1 (found by the storage
// mutation run). Over the wire: a poll reaching POLL_BYTES_MAX at a segment boundary.
test('reads: a byte bound that stops inside a segment does not continue with the next segment', async () => {
  // Segment 1: offset 0 (100 bytes), offset 1 (564 bytes: fills it); segment 2: offset 2 (74 bytes).
  const log = await openLog(dir.path, { segmentSizeBytes: 564 });
  await log.append(buildNumbered(1, 'a', 100 - RECORD_HEADER_BYTES), 1);
  await log.append(buildNumbered(1, 'b', 564 - RECORD_HEADER_BYTES), 1);
  await log.append(buildNumbered(1, 'c', 74 - RECORD_HEADER_BYTES), 1);
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
  await log.append(buildNumbered(2, 'a', 100 - RECORD_HEADER_BYTES), 2); // [0, 1] = 200 bytes: full
  await log.append(buildNumbered(2, 'b', 100 - RECORD_HEADER_BYTES), 2); // [2, 3]
  assert.equal(log.segmentsCount, 2);
  const read = await log.readByOffset(0, 10, 300);
  assert.deepEqual(parseRecords(read.records).map((r) => r.offset), [0, 1, 2]);
  await log.close();
});

test('reads: offset lookups over many segments land in the right one at every boundary', async () => {
  // 7 segments of 2 records: [0,1] [2,3] ... [12,13]; each start, end and middle offset.
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2, cacheIndexes: 'none' });
  for (let i = 0; i < 7; i += 1) await log.append(buildNumbered(2, `k${i}`, 100), 2);
  assert.equal(log.segmentsCount, 7);
  for (let offset = 0; offset < 14; offset += 1) {
    const read = await log.readByOffset(offset, 3);
    const expected = [offset, offset + 1, offset + 2].filter((o) => o < 14);
    assert.deepEqual(parseRecords(read.records).map((r) => r.offset), expected, `from ${offset}`);
    assert.deepEqual([read.firstOffset, read.lastOffset, read.count], [offset, expected.at(-1), expected.length], `from ${offset}`);
  }
  await log.close();
});

test('reads by timestamp: equal to a batch time starts at that batch; between batches at the next; past all, nothing', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 4, clock: steppingClock(1000n, 1000n) });
  for (let i = 0; i < 4; i += 1) await log.append(buildNumbered(2, `t${i}`, 100), 2); // 1000 [0,1], 2000 [2,3], 3000 [4,5], 4000 [6,7]
  assert.equal((await log.readByTimestamp(2000n, 1)).firstOffset, 2);
  assert.equal((await log.readByTimestamp(2001n, 1)).firstOffset, 4);
  assert.equal((await log.readByTimestamp(4000n, 5)).count, 2);
  assert.equal((await log.readByTimestamp(4001n, 5)).count, 0);
  await log.close();
});

test('retention with archiving: the hook sees each segment before deletion; a rejection keeps it and ends the run', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES });
  for (let i = 0; i < 4; i += 1) await log.append(buildNumbered(1, `a${i}`, 100), 1); // [0] [1] [2] [3 active]
  const seen: number[] = [];
  const run = log.deleteOldestSegments(10, undefined, async (segment) => {
    seen.push(segment.startOffset);
    assert.ok(segment.logPath.endsWith(`${String(segment.startOffset).padStart(20, '0')}.log`));
    assert.ok(segment.indexPath.endsWith(`${String(segment.startOffset).padStart(20, '0')}.index`));
    if (segment.startOffset === 1) throw new Error('archive failed');
  });
  await assert.rejects(run, /archive failed/, 'the archiver error reaches the caller (retention logs it)');
  assert.deepEqual(seen, [0, 1]);
  assert.equal(log.firstOffset, 1, 'the segment whose archiving failed is kept');
  assert.equal(log.segmentsCount, 3);
  await log.close();
});

test('retention with archiving: a purge while a segment is archived ends the run without deleting anything else', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES });
  for (let i = 0; i < 3; i += 1) await log.append(buildNumbered(1, `p${i}`, 100), 1);
  const deleted = await log.deleteOldestSegments(10, undefined, async () => {
    await log.purge();
  });
  assert.equal(deleted, 0);
  assert.deepEqual([log.segmentsCount, log.nextOffset, log.firstOffset], [1, 0, 0]);
  const after = await log.append(buildNumbered(1, 'new', 100), 1);
  assert.equal(after.firstOffset, 0);
  await log.close();
});

test('expiry, then reads by timestamp start at the first retained record', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES, clock: steppingClock(1000n, 1000n) });
  for (let i = 0; i < 3; i += 1) await log.append(buildNumbered(1, `z${i}`, 100), 1); // 1000, 2000, 3000
  assert.equal((await log.readByTimestamp(1500n, 10)).firstOffset, 1);
  assert.equal((await log.readByTimestamp(1000n, 10)).count, 3);
  assert.equal(await log.deleteExpiredSegments(2000n, 1000n), 1, 'only 1000 + 1000 <= 2000');
  assert.equal((await log.readByTimestamp(0n, 10)).firstOffset, 1, 'reads start at the first retained record');
  await log.close();
});

test('counters: offsets, sizes and sealed bytes after appends, rollover and retention', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2 });
  assert.deepEqual([log.hasMessages, log.currentOffset, log.nextOffset, log.sizeBytes, log.sealedSegmentsSizeBytes], [false, 0, 0, 0, 0]);
  await log.append(buildNumbered(1, 'c', 100), 1);
  assert.deepEqual([log.hasMessages, log.currentOffset, log.nextOffset], [true, 0, 1]);
  await log.append(buildNumbered(2, 'c', 100), 2);
  await log.append(buildNumbered(1, 'c', 100), 1);
  assert.deepEqual([log.segmentsCount, log.messagesCount, log.sizeBytes, log.sealedSegmentsSizeBytes], [2, 4, RECORD_BYTES * 4, RECORD_BYTES * 3]);
  assert.equal(await log.deleteOldestSegments(1), 1);
  assert.deepEqual([log.firstOffset, log.messagesCount, log.sizeBytes, log.sealedSegmentsSizeBytes, log.currentOffset], [3, 1, RECORD_BYTES, 0, 3]);
  assert.equal(log.stats.writeRounds, 3);
  assert.equal(log.stats.fsyncRounds, 0);
  await log.close();
});

/** An allocate callback for readByOffsetInto that records its calls and fills the target with 0xee. */
function recordingTarget(at: number, slack: number): { allocate: (byteLength: number) => ReadTarget; calls: number[]; buffer: () => Buffer } {
  const calls: number[] = [];
  let buffer = Buffer.alloc(0);
  return {
    calls,
    buffer: () => buffer,
    allocate: (byteLength) => {
      calls.push(byteLength);
      buffer = Buffer.alloc(at + byteLength + slack, 0xee);
      return { buffer, at };
    },
  };
}

test('readByOffsetInto: records land at target.at, from disk and memory across segments; allocate gets their exact size once', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2 });
  for (let i = 0; i < 2; i += 1) await log.append(buildNumbered(2, `w${i}`, 100), 2); // [0,1] [2,3] on disk
  const pending = log.append(buildNumbered(2, 'mem', 100), 2); // [4,5] still in memory
  const target = recordingTarget(7, 5);
  const read = await log.readByOffsetInto(1, 4, Number.POSITIVE_INFINITY, target.allocate);
  assert.deepEqual(read, { byteLength: RECORD_BYTES * 4, count: 4, firstOffset: 1, lastOffset: 4 });
  assert.deepEqual(target.calls, [RECORD_BYTES * 4], 'one allocation, exactly the records');
  const buffer = target.buffer();
  assert.ok(buffer.subarray(0, 7).every((byte) => byte === 0xee), 'nothing written before at');
  assert.ok(buffer.subarray(7 + RECORD_BYTES * 4).every((byte) => byte === 0xee), 'nothing written past the records');
  assert.deepEqual(payloadsOf([buffer.subarray(7, 7 + RECORD_BYTES * 4)]).map((p) => p.length), [100, 100, 100, 100]);
  assert.deepEqual(parseRecords([buffer.subarray(7, 7 + RECORD_BYTES * 4)]).map((r) => r.offset), [1, 2, 3, 4]);
  // A byte-bounded read allocates for what fits, not for the bound.
  const bounded = recordingTarget(0, 0);
  assert.equal((await log.readByOffsetInto(3, 10, RECORD_BYTES * 2 + 1, bounded.allocate)).count, 2);
  assert.deepEqual(bounded.calls, [RECORD_BYTES * 2]);
  await pending;
  await log.close();
});

test('readByOffsetInto: nothing to read (past the end, count 0, inside a gap) allocates nothing', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(3, 'g', 100), 3);
  await log.close();
  // An empty newest segment starting at 100 leaves offsets 3..99 as a gap (as after a cut tail).
  await writeFile(join(dir.path, '00000000000000000100.log'), Buffer.alloc(0));
  const reopened = await openLog(dir.path);
  const empty = { byteLength: 0, count: 0, firstOffset: 0, lastOffset: 0 };
  const target = recordingTarget(0, 0);
  assert.deepEqual(await reopened.readByOffsetInto(100, 5, Number.POSITIVE_INFINITY, target.allocate), empty);
  assert.deepEqual(await reopened.readByOffsetInto(0, 0, Number.POSITIVE_INFINITY, target.allocate), empty);
  assert.deepEqual(await reopened.readByOffsetInto(50, 5, Number.POSITIVE_INFINITY, target.allocate), empty, 'inside the gap');
  assert.deepEqual(target.calls, []);
  assert.deepEqual((await reopened.readByOffset(50, 5)).records, []);
  await reopened.close();
});

test('reads racing retention: a segment deleted between lookup and copy is not served, and the read does not fail', async () => {
  // Uncached sealed segments: the lookup awaits the index, retention deletes the segment meanwhile.
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2, cacheIndexes: 'none' });
  for (let i = 0; i < 3; i += 1) await log.append(buildNumbered(2, `d${i}`, 100), 2); // [0,1] [2,3] [4,5]
  const target = recordingTarget(0, 0);
  const racing = log.readByOffsetInto(1, 10, Number.POSITIVE_INFINITY, target.allocate);
  const deleting = log.deleteOldestSegments(1);
  assert.deepEqual(await racing, { byteLength: 0, count: 0, firstOffset: 0, lastOffset: 0 }, 'the empty result, not offsets of what was planned');
  assert.equal(await deleting, 1);
  const again = log.readByOffset(0, 10);
  const deletingAgain = log.deleteOldestSegments(1);
  assert.deepEqual(await again, { records: [], count: 0, firstOffset: 0, lastOffset: 0 });
  assert.equal(await deletingAgain, 1);
  // What is left reads normally.
  assert.deepEqual(parseRecords((await log.readByOffset(0, 10)).records).map((r) => r.offset), [4, 5]);
  await log.close();
});

test('cache_indexes: "all" keeps sealed segments\' indexes in memory, "open_segment" reads them from the index file', async () => {
  for (const cacheIndexes of ['all', 'open_segment'] as const) {
    const path = join(dir.path, cacheIndexes);
    const log = await openLog(path, { segmentSizeBytes: RECORD_BYTES * 2, cacheIndexes });
    for (let i = 0; i < 2; i += 1) await log.append(buildNumbered(2, `c${i}`, 100), 2); // [0,1] sealed, [2,3] active
    // Emptying the sealed segment's index file shows where its lookups come from.
    await truncate(join(path, '00000000000000000000.index'), 0);
    const read = log.readByOffset(0, 2);
    if (cacheIndexes === 'all') assert.deepEqual(parseRecords((await read).records).map((r) => r.offset), [0, 1]);
    else await assert.rejects(read, /end of file/);
    assert.deepEqual(parseRecords((await log.readByOffset(2, 2)).records).map((r) => r.offset), [2, 3], 'the open segment is always in memory');
    await log.close();
  }
});

test('cache_indexes "open_segment": a segment sealed while its batches are still unwritten keeps its index until they are written', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2, cacheIndexes: 'open_segment' });
  // Three appends in one tick: the third rolls over while the first two are not written yet.
  const pending = [0, 1, 2].map((i) => log.append(buildNumbered(1, `u${i}`, 100), 1));
  assert.equal(log.segmentsCount, 2);
  assert.deepEqual(payloadsOf((await log.readByOffset(0, 10)).records).map((p) => p.length), [100, 100, 100]);
  await Promise.all(pending);
  assert.deepEqual(parseRecords((await log.readByOffset(0, 10)).records).map((r) => r.offset), [0, 1, 2]);
  await log.close();
});

test('retention: a segment sealed while its batch is still being written is not deleted', async () => {
  // enforceFsync with a held fdatasync keeps one write round in flight for as long as we like.
  let release = (): void => undefined;
  let gate: Promise<void> | null = null;
  const previous = fileIo();
  setFileIo({ ...systemFileIo, datasync: async (path, handle) => {
    if (gate !== null) await gate;
    return systemFileIo.datasync(path, handle);
  } });
  try {
    const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES, enforceFsync: true });
    for (let i = 0; i < 2; i += 1) await log.append(buildNumbered(1, `r${i}`, 100), 1); // [0] sealed, [1] active and full
    let acks: Promise<unknown>[] = [];
    const deleted = await log.deleteOldestSegments(10, undefined, async (segment) => {
      if (segment.startOffset !== 0) return;
      // While [0] is archived: X rolls over into [2] and stays unwritten (sync held); Y rolls [2] over.
      gate = new Promise((resolve) => (release = resolve));
      acks = [log.append(buildNumbered(1, 'X', 100), 1), log.append(buildNumbered(1, 'Y', 100), 1)];
    });
    assert.equal(deleted, 2, '[0] and [1] go; [2] is sealed but its batch is not written yet');
    assert.equal(log.firstOffset, 2);
    gate = null;
    release();
    assert.deepEqual((await Promise.all(acks)).map((ack) => (ack as { firstOffset: number }).firstOffset), [2, 3]);
    assert.deepEqual(parseRecords((await log.readByOffset(0, 10)).records).map((r) => r.offset), [2, 3]);
    assert.equal(await log.deleteOldestSegments(10), 1, 'once written, [2] may go');
    await log.close();
  } finally {
    gate = null;
    release();
    setFileIo(previous);
  }
});
