// Goal: open() repairs torn tails and missing/short indexes and rejects damage in the middle, naming the file; method: write a partition, tamper with its files, reopen.
import assert from 'node:assert/strict';
import { appendFile, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { StorageCorruptionError } from '../../../src/storage/storage-corruption-error.js';
import { buildNumbered, makeTempDir, openLog, payloadsOf } from './storage-test-helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
let logPath: string;
let indexPath: string;
let originalLog: Buffer;
let originalIndex: Buffer;
const RECORD_BYTES = 64 + 50;

beforeEach(async () => {
  dir = await makeTempDir();
  logPath = join(dir.path, '00000000000000000000.log');
  indexPath = join(dir.path, '00000000000000000000.index');
  const log = await openLog(dir.path);
  await log.append(buildNumbered(3, 'a', 50), 3);
  await log.append(buildNumbered(2, 'b', 50), 2);
  await log.close();
  originalLog = await readFile(logPath);
  originalIndex = await readFile(indexPath);
  assert.equal(originalLog.length, 5 * RECORD_BYTES);
  assert.equal(originalIndex.length, 5 * 16);
});
afterEach(async () => {
  await dir.cleanup();
});

async function reopenAndCheck(expectedNextOffset: number, options: { validateChecksum?: boolean } = {}): Promise<void> {
  const log = await openLog(dir.path, options);
  assert.equal(log.nextOffset, expectedNextOffset);
  assert.equal(log.messagesCount, expectedNextOffset);
  assert.deepEqual(await readFile(logPath), originalLog.subarray(0, expectedNextOffset * RECORD_BYTES));
  assert.deepEqual(await readFile(indexPath), originalIndex.subarray(0, expectedNextOffset * 16));
  // The partition keeps working: new data continues the numbering and reads back whole.
  await log.append(buildNumbered(1, 'c', 50), 1);
  const read = await log.readByOffset(0, 100);
  assert.equal(read.count, expectedNextOffset + 1);
  assert.equal(read.lastOffset, expectedNextOffset);
  await log.close();
}

test('recovery: a log cut in the middle of a record loses only that record', async () => {
  await truncate(logPath, originalLog.length - 10);
  await reopenAndCheck(4);
});

test('recovery: a log cut inside a header loses only that record', async () => {
  await truncate(logPath, 4 * RECORD_BYTES + 20);
  await reopenAndCheck(4);
});

test('recovery: a missing index is rebuilt from the log', async () => {
  await rm(indexPath);
  await reopenAndCheck(5);
});

test('recovery: an index shorter than the log is extended from the log', async () => {
  await truncate(indexPath, 2 * 16);
  await reopenAndCheck(5);
});

test('recovery: an empty index with a full log is rebuilt', async () => {
  await truncate(indexPath, 0);
  await reopenAndCheck(5, { validateChecksum: true });
});

test('recovery: a partial last index entry is cut and rebuilt from the log', async () => {
  await truncate(indexPath, 4 * 16 + 7);
  await reopenAndCheck(5);
});

test('recovery: index entries past the end of the log are cut with the torn log tail', async () => {
  await truncate(logPath, 3 * RECORD_BYTES);
  await reopenAndCheck(3);
});

test('recovery: zeroed index entries at the tail are rebuilt from the log', async () => {
  const index = Buffer.from(originalIndex);
  index.fill(0, 3 * 16);
  await writeFile(indexPath, index);
  await reopenAndCheck(5);
});

test('recovery: bytes failing the checksum at the log tail are truncated', async () => {
  await appendFile(logPath, Buffer.alloc(200, 0xab));
  await reopenAndCheck(5);
});

test('recovery: a damaged last record is dropped', async () => {
  const log = Buffer.from(originalLog);
  log[originalLog.length - 1]! ^= 0xff;
  await writeFile(logPath, log);
  await reopenAndCheck(4);
});

test('recovery: a bad record followed by good ones is rejected naming the log file (full check)', async () => {
  const log = Buffer.from(originalLog);
  log[RECORD_BYTES + 70]! ^= 0xff; // payload of offset 1
  await writeFile(logPath, log);
  await assert.rejects(openLog(dir.path, { validateChecksum: true }), (error: Error) => {
    assert.ok(error instanceof StorageCorruptionError);
    assert.ok(error.message.includes(logPath), error.message);
    return true;
  });
});

test('recovery: a bad record followed by good ones is rejected while rebuilding an index', async () => {
  const log = Buffer.from(originalLog);
  log[2 * RECORD_BYTES + 70]! ^= 0xff;
  await writeFile(logPath, log);
  await rm(indexPath);
  await assert.rejects(openLog(dir.path), (error: Error) => error.message.includes(logPath));
});

test('recovery: an index entry disagreeing with the log in the middle is rejected naming the index file', async () => {
  const index = Buffer.from(originalIndex);
  index.writeUInt32LE(index.readUInt32LE(16 + 4) - 8, 16 + 4); // entry 1 ends 8 bytes early
  await writeFile(indexPath, index);
  await assert.rejects(openLog(dir.path, { validateChecksum: true }), (error: Error) => {
    assert.ok(error.message.includes(indexPath), error.message);
    return true;
  });
  // Without the full check open trusts the index, but the read path checks the records it
  // serves, so a read starting at the wrong boundary fails instead of returning garbage.
  const log = await openLog(dir.path);
  await assert.rejects(log.readByOffset(2, 3));
  await log.close();
});

test('recovery: an index with a broken entry in the middle is rejected naming the index file', async () => {
  const index = Buffer.from(originalIndex);
  index.writeUInt32LE(9, 2 * 16); // relative offset of entry 2
  await writeFile(indexPath, index);
  await assert.rejects(openLog(dir.path), (error: Error) => error.message.includes(indexPath));
});

test('recovery: overlapping segments are rejected naming the later segment', async () => {
  const overlapping = join(dir.path, '00000000000000000003.log');
  await writeFile(overlapping, Buffer.alloc(0));
  await assert.rejects(openLog(dir.path), (error: Error) => error.message.includes(overlapping));
});

test('recovery: a torn tail in the active segment after sealed segments keeps older data', async () => {
  await dir.cleanup();
  dir = await makeTempDir();
  const log = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2 });
  for (let i = 0; i < 3; i += 1) await log.append(buildNumbered(2, `s${i}`, 50), 2);
  await log.close();
  await truncate(join(dir.path, '00000000000000000004.log'), RECORD_BYTES + 30);
  const reopened = await openLog(dir.path, { segmentSizeBytes: RECORD_BYTES * 2 });
  assert.equal(reopened.nextOffset, 5);
  assert.equal(reopened.segmentsCount, 3);
  assert.equal((await reopened.readByOffset(0, 10)).count, 5);
  await reopened.close();
});

test('recovery: open with validateChecksum accepts an intact partition', async () => {
  const log = await openLog(dir.path, { validateChecksum: true });
  assert.deepEqual(payloadsOf((await log.readByOffset(3, 2)).records).length, 2);
  await log.close();
});
