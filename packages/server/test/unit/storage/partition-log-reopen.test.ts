// Goal: a reopened partition continues numbering exactly after its last stored message and never reuses an offset; method: close, reopen, inspect offsets, including the 0.7 edge cases.
import assert from 'node:assert/strict';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { buildNumbered, makeTempDir, openLog, payloadsOf } from './storage-test-helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

test('storage: open creates the directory layout and an empty first segment', async () => {
  const path = join(dir.path, 'p0');
  const log = await openLog(path);
  assert.deepEqual((await readdir(path)).sort(), ['00000000000000000000.index', '00000000000000000000.log', 'offsets']);
  assert.deepEqual((await readdir(join(path, 'offsets'))).sort(), ['consumers', 'groups']);
  assert.deepEqual([log.nextOffset, log.currentOffset, log.hasMessages, log.messagesCount, log.firstOffset], [0, 0, false, 0, 0]);
  assert.ok(log.createdAt > 0n);
  await log.close();
});

test('storage: reopen continues after the last message', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(7), 7);
  await log.close();
  const reopened = await openLog(dir.path);
  assert.deepEqual([reopened.nextOffset, reopened.currentOffset, reopened.messagesCount], [7, 6, 7]);
  assert.equal((await reopened.append(buildNumbered(1), 1)).firstOffset, 7);
  await reopened.close();
});

test('storage: a partition holding only offset 0 continues at 1 after reopen', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(1, 'zero'), 1);
  assert.deepEqual([log.currentOffset, log.hasMessages], [0, true]);
  await log.close();
  const reopened = await openLog(dir.path);
  assert.deepEqual([reopened.nextOffset, reopened.currentOffset, reopened.hasMessages], [1, 0, true]);
  assert.equal((await reopened.append(buildNumbered(1, 'one'), 1)).firstOffset, 1);
  assert.deepEqual(payloadsOf((await reopened.readByOffset(0, 5)).records), ['zero-0', 'one-0']);
  await reopened.close();
});

test('storage: an empty newest segment makes numbering continue at its start offset', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(5), 5);
  await log.close();
  // A crash right after a rollover leaves an empty newest segment.
  await writeFile(join(dir.path, '00000000000000000005.log'), Buffer.alloc(0));
  await writeFile(join(dir.path, '00000000000000000005.index'), Buffer.alloc(0));
  const reopened = await openLog(dir.path);
  assert.deepEqual([reopened.nextOffset, reopened.currentOffset, reopened.segmentsCount, reopened.messagesCount], [5, 4, 2, 5]);
  const appended = await reopened.append(buildNumbered(2, 'new'), 2);
  assert.equal(appended.firstOffset, 5);
  assert.ok((await stat(join(dir.path, '00000000000000000005.log'))).size > 0, 'written into the empty segment');
  assert.deepEqual(payloadsOf((await reopened.readByOffset(4, 5)).records), ['m-4', 'new-0', 'new-1']);
  await reopened.close();
});

test('storage: an empty newest segment whose start is past the data keeps that start (no reuse)', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(3), 3);
  await log.close();
  await writeFile(join(dir.path, '00000000000000000100.log'), Buffer.alloc(0));
  const reopened = await openLog(dir.path);
  assert.equal(reopened.nextOffset, 100);
  // Reads across the gap skip it.
  const read = await reopened.readByOffset(1, 10);
  assert.deepEqual([read.count, read.firstOffset, read.lastOffset], [2, 1, 2]);
  await reopened.append(buildNumbered(1, 'far'), 1);
  const across = await reopened.readByOffset(2, 10);
  assert.deepEqual(payloadsOf(across.records), ['m-2', 'far-0']);
  assert.equal(across.lastOffset, 100);
  await reopened.close();
});
