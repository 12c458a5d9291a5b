// Goal: append stamps server fields correctly, coalesces concurrent writes and reads return exactly what was stored; method: real files in a temp dir, records parsed by hand.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { xxh3_64 } from '@iggy-node/protocol';
import { buildMessages, buildNumbered, makeTempDir, openLog, parseRecords, payloadsOf, steppingClock } from './storage-test-helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

test('storage: append then read returns byte-identical records with payload and user headers', async () => {
  const log = await openLog(dir.path, { clock: steppingClock() });
  const messages = buildMessages([
    { payload: 'hello', headers: Buffer.from([1, 2, 3, 4, 5]), id: 42n, originTimestamp: 7n },
    { payload: Buffer.alloc(0), headers: Buffer.from('hdr') },
    { payload: Buffer.alloc(3000, 9) },
  ]);
  const result = await log.append(messages, 3);
  assert.deepEqual({ first: result.firstOffset, last: result.lastOffset }, { first: 0, last: 2 });

  const read = await log.readByOffset(0, 10);
  assert.equal(read.count, 3);
  assert.equal(read.firstOffset, 0);
  assert.equal(read.lastOffset, 2);
  // The stored bytes are the stamped request bytes, unchanged.
  assert.deepEqual(Buffer.concat(read.records), messages);
  const records = parseRecords(read.records);
  assert.deepEqual(records[0]!.headers, Buffer.from([1, 2, 3, 4, 5]));
  assert.equal(records[0]!.payload.toString(), 'hello');
  assert.equal(records[0]!.originTimestamp, 7n);
  assert.deepEqual(records[1]!.headers, Buffer.from('hdr'));
  assert.equal(records[2]!.payload.length, 3000);

  // After the write, the file holds the same bytes and the index one entry per record.
  const logFile = await readFile(join(dir.path, '00000000000000000000.log'));
  assert.deepEqual(logFile, messages);
  const indexFile = await readFile(join(dir.path, '00000000000000000000.index'));
  assert.equal(indexFile.length, 48);
  let end = 0;
  for (let i = 0; i < 3; i += 1) {
    end += records[i]!.raw.length;
    assert.equal(indexFile.readUInt32LE(i * 16), i);
    assert.equal(indexFile.readUInt32LE(i * 16 + 4), end);
    assert.equal(indexFile.readBigUInt64LE(i * 16 + 8), result.timestampMicros);
  }
  await log.close();
});

test('storage: append stamps offsets, one timestamp per batch, ids for zero ids and valid checksums', async () => {
  const clock = steppingClock(5_000_000n, 10n);
  const log = await openLog(dir.path, { clock });
  const first = buildMessages([{ payload: 'a', id: 0n }, { payload: 'b', id: 0x1234n }]);
  // Garbage in the fields the server owns must be overwritten.
  first.writeBigUInt64LE(999n, 24);
  first.writeBigUInt64LE(0xdeadn, 56);
  const second = buildNumbered(3, 'second');
  const r1 = await log.append(first, 2);
  const r2 = await log.append(second, 3);
  assert.equal(r1.timestampMicros, 5_000_000n);
  assert.equal(r2.timestampMicros, 5_000_010n);
  assert.deepEqual([r2.firstOffset, r2.lastOffset], [2, 4]);

  const records = parseRecords((await log.readByOffset(0, 100)).records);
  assert.deepEqual(records.map((r) => r.offset), [0, 1, 2, 3, 4]);
  assert.deepEqual(records.map((r) => r.timestamp), [5_000_000n, 5_000_000n, 5_000_010n, 5_000_010n, 5_000_010n]);
  assert.equal(records[1]!.id, 0x1234n, 'a non-zero id is kept');
  const generated = [records[0]!, ...records.slice(2)].map((r) => r.id);
  assert.equal(new Set(generated).size, 4, 'generated ids are distinct');
  for (const id of generated) {
    assert.notEqual(id, 0n);
    // UUID v4 stored as a big-endian u128 written little-endian: version 4, variant 10xx.
    assert.equal((id >> 76n) & 0xfn, 4n);
    assert.equal((id >> 62n) & 0x3n, 2n);
  }
  for (const record of records) {
    assert.equal(record.raw.readBigUInt64LE(56), 0n, 'reserved is zeroed');
    assert.equal(record.checksum, xxh3_64(record.raw.subarray(8)));
  }
  await log.close();
});

test('storage: a clock going backwards never lowers the batch timestamp', async () => {
  const times = [2000n, 1000n];
  const log = await openLog(dir.path, { clock: () => times.shift() ?? 0n });
  await log.append(buildNumbered(1), 1);
  const second = await log.append(buildNumbered(1), 1);
  assert.equal(second.timestampMicros, 2000n);
  await log.close();
});

test('storage: concurrent appends get consecutive offsets in call order and share one write', async () => {
  const log = await openLog(dir.path);
  const batches = Array.from({ length: 10 }, (_, i) => buildNumbered(5, `b${i}`));
  const pending = batches.map((batch) => log.append(batch, 5));
  // Offsets are assigned synchronously, before any write finished.
  assert.equal(log.nextOffset, 50);
  const results = await Promise.all(pending);
  results.forEach((result, i) => assert.deepEqual([result.firstOffset, result.lastOffset], [i * 5, i * 5 + 4]));
  assert.equal(log.stats.writeRounds, 1);
  const read = await log.readByOffset(0, 100);
  assert.deepEqual(payloadsOf(read.records).slice(0, 6), ['b0-0', 'b0-1', 'b0-2', 'b0-3', 'b0-4', 'b1-0']);
  assert.equal(read.count, 50);
  await log.close();
});

test('storage: reads see queued and in-flight batches before their write completes', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(2, 'disk'), 2);
  const pending = log.append(buildNumbered(2, 'memory'), 2);
  const read = await log.readByOffset(1, 10);
  assert.deepEqual(payloadsOf(read.records), ['disk-1', 'memory-0', 'memory-1']);
  assert.equal(read.lastOffset, 3);
  await pending;
  await log.close();
});

test('storage: enforceFsync resolves after a shared fdatasync and data survives reopen', async () => {
  const log = await openLog(dir.path, { enforceFsync: true });
  const results = await Promise.all([log.append(buildNumbered(3, 'x'), 3), log.append(buildNumbered(3, 'y'), 3)]);
  assert.equal(results[1]!.lastOffset, 5);
  assert.equal(log.stats.fsyncRounds, 1, 'group commit: one fdatasync for both appends');
  await log.close();
  const reopened = await openLog(dir.path, { enforceFsync: true });
  assert.equal(reopened.nextOffset, 6);
  assert.deepEqual(payloadsOf((await reopened.readByOffset(0, 10)).records), ['x-0', 'x-1', 'x-2', 'y-0', 'y-1', 'y-2']);
  await reopened.close();
});

test('storage: past the pending-bytes bound appends wait for the running write and keep call order', async () => {
  const log = await openLog(dir.path, { pendingWriteBytesMax: 4096 });
  const pending = Array.from({ length: 6 }, (_, i) => log.append(buildNumbered(2, `p${i}`, 1000), 2));
  const results = await Promise.all(pending);
  results.forEach((result, i) => assert.equal(result.firstOffset, i * 2));
  assert.ok(log.stats.backpressureWaits > 0);
  assert.ok(log.stats.writeRounds > 1);
  const read = await log.readByOffset(0, 100);
  assert.deepEqual(parseRecords(read.records).map((r) => r.offset), [...Array(12).keys()]);
  await log.close();
});

test('storage: malformed batches are refused before any state changes', async () => {
  const log = await openLog(dir.path);
  const messages = buildNumbered(2);
  await assert.rejects(log.append(messages, 3));
  await assert.rejects(log.append(Buffer.concat([messages, Buffer.alloc(5)]), 2));
  assert.equal(log.nextOffset, 0);
  assert.equal(log.hasMessages, false);
  await log.close();
});

test('storage: read by offset honours count, bytesMax, and out-of-range offsets', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(10, 'r', 100), 10); // 164 bytes per record
  const some = await log.readByOffset(3, 4);
  assert.deepEqual([some.count, some.firstOffset, some.lastOffset], [4, 3, 6]);
  const bounded = await log.readByOffset(0, 10, 164 * 3 + 10);
  assert.equal(bounded.count, 3);
  const tiny = await log.readByOffset(5, 10, 1);
  assert.equal(tiny.count, 1, 'at least one record even if it exceeds bytesMax');
  assert.equal((await log.readByOffset(10, 5)).count, 0);
  assert.equal((await log.readByOffset(0, 0)).count, 0);
  assert.equal(log.currentOffset, 9);
  await log.close();
});

test('storage: read by timestamp finds the first record at or after the time', async () => {
  const log = await openLog(dir.path, { clock: steppingClock(1000n, 1000n), segmentSizeBytes: 300 });
  for (let i = 0; i < 5; i += 1) await log.append(buildNumbered(2, `t${i}`, 100), 2); // times 1000..5000
  assert.ok(log.segmentsCount > 1);
  const read = await log.readByTimestamp(2500n, 3);
  assert.deepEqual(payloadsOf(read.records).map((p) => p.length), [100, 100, 100]);
  assert.equal(read.firstOffset, 4);
  assert.equal((await log.readByTimestamp(3000n, 1)).firstOffset, 4);
  assert.equal((await log.readByTimestamp(0n, 1)).firstOffset, 0);
  assert.equal((await log.readByTimestamp(5001n, 1)).count, 0);
  await log.close();
});
