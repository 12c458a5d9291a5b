// Goal: a failed write (ENOSPC, EIO, short write, failed fdatasync) fails only the batches it
// touched; nothing of them survives in memory or on disk, reads of written data keep working,
// and later writes succeed (issue 13, items 1-2); method: the FileIo seam injects faults per call.
import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import { setFileIo } from '../../../src/storage/file-io.js';
import { FaultInjector, type FaultRule } from '../../../src/storage/fault-injector.js';
import { INDEX_ENTRY_SIZE } from '../../../src/storage/storage-limits.js';
import { buildNumbered, makeTempDir, openLog, payloadsOf } from './storage-test-helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
let faults: FaultInjector;
beforeEach(async () => {
  dir = await makeTempDir();
  faults = new FaultInjector();
  setFileIo(faults);
});
afterEach(async () => {
  setFileIo(null);
  await dir.cleanup();
});

function inject(...rules: FaultRule[]): void {
  faults.setRules(rules);
}

async function rejectsWith4006(promise: Promise<unknown>): Promise<void> {
  await assert.rejects(promise, (error: unknown) => IggyError.is(error) && error.code === ErrorCode.CannotSaveMessagesToSegment);
}

async function allPayloads(log: Awaited<ReturnType<typeof openLog>>): Promise<string[]> {
  return payloadsOf((await log.readByOffset(0, 1_000_000)).records);
}

async function fileSizes(path: string): Promise<{ log: number; index: number }> {
  const names = (await readdir(path)).filter((name) => name.endsWith('.log')).sort();
  const last = names[names.length - 1]!;
  return {
    log: (await stat(join(path, last))).size,
    index: (await stat(join(path, last.replace(/\.log$/, '.index')))).size,
  };
}

test('faults: ENOSPC on the log write rejects the batch, keeps earlier data readable, and the next send succeeds', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(3, 'ok'), 3);
  const before = await fileSizes(dir.path);
  inject({ ops: ['writev'], pathIncludes: '.log', error: 'ENOSPC', times: 1 });
  await rejectsWith4006(log.append(buildNumbered(5, 'lost'), 5));
  assert.equal(faults.injected, 1);
  assert.equal(log.nextOffset, 3, 'offsets of the failed batch are given back');
  assert.equal(log.health.failing, true);
  assert.deepEqual(await allPayloads(log), ['ok-0', 'ok-1', 'ok-2'], 'written data stays readable');
  assert.deepEqual(await fileSizes(dir.path), before, 'nothing of the failed batch is on disk');
  const retried = await log.append(buildNumbered(2, 'again'), 2);
  assert.deepEqual([retried.firstOffset, retried.lastOffset], [3, 4]);
  assert.equal(log.health.failing, false);
  await log.close();
  const reopened = await openLog(dir.path);
  assert.deepEqual(await allPayloads(reopened), ['ok-0', 'ok-1', 'ok-2', 'again-0', 'again-1']);
  await reopened.close();
});

test('faults: a short write followed by ENOSPC leaves no partial record on disk, even across a reopen', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(4, 'ok'), 4);
  const before = await fileSizes(dir.path);
  inject({ ops: ['writev'], pathIncludes: '.log', shortBytes: 100, times: 1 }, { ops: ['writev'], pathIncludes: '.log', error: 'ENOSPC', times: 1 });
  await rejectsWith4006(log.append(buildNumbered(50, 'partial'), 50));
  assert.equal(faults.injected, 2, 'the short write happened, then the failure');
  assert.deepEqual(await fileSizes(dir.path), before);
  await log.close();
  const reopened = await openLog(dir.path);
  assert.deepEqual(await allPayloads(reopened), ['ok-0', 'ok-1', 'ok-2', 'ok-3']);
  assert.equal(reopened.nextOffset, 4);
  await reopened.close();
});

test('faults: an index write failure after the log write cuts the log bytes too', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(2, 'ok'), 2);
  const before = await fileSizes(dir.path);
  inject({ ops: ['writev'], pathIncludes: '.index', error: 'EIO', times: 1 });
  await rejectsWith4006(log.append(buildNumbered(3, 'lost'), 3));
  assert.deepEqual(await fileSizes(dir.path), before);
  await log.close();
  const reopened = await openLog(dir.path);
  assert.deepEqual(await allPayloads(reopened), ['ok-0', 'ok-1']);
  await reopened.close();
});

test('faults: with enforced fsync a failed fdatasync is not acknowledged and its bytes are cut', async () => {
  const log = await openLog(dir.path, { enforceFsync: true });
  await log.append(buildNumbered(2, 'ok'), 2);
  inject({ ops: ['datasync'], pathIncludes: '.log', error: 'EIO', times: 1 });
  await rejectsWith4006(log.append(buildNumbered(3, 'lost'), 3));
  assert.equal((await fileSizes(dir.path)).index, 2 * INDEX_ENTRY_SIZE);
  await log.append(buildNumbered(1, 'after'), 1);
  await log.close();
  const reopened = await openLog(dir.path);
  assert.deepEqual(await allPayloads(reopened), ['ok-0', 'ok-1', 'after-0']);
  await reopened.close();
});

test('faults: batches queued behind a failed one are rejected too, and appends waiting for room retry', async () => {
  const log = await openLog(dir.path, { pendingWriteBytesMax: 1 });
  inject({ ops: ['writev'], pathIncludes: '.log', error: 'ENOSPC', times: 1 });
  // The first batch is admitted alone (bound 1 byte); the second waits for room, unstamped.
  const first = log.append(buildNumbered(2, 'a'), 2);
  const second = log.append(buildNumbered(2, 'b'), 2);
  await rejectsWith4006(first);
  const written = await second;
  assert.deepEqual([written.firstOffset, written.lastOffset], [0, 1], 'the waiting batch takes the offsets the failed one gave back');
  assert.deepEqual(await allPayloads(log), ['b-0', 'b-1']);
  await log.close();
});

test('faults: when cutting the files fails too, the next write repairs first and nothing of the failed batch survives a reopen', async () => {
  const log = await openLog(dir.path);
  await log.append(buildNumbered(2, 'ok'), 2);
  inject({ ops: ['datasync', 'writev'], pathIncludes: '.index', error: 'EIO', times: 1 }, { ops: ['truncate'], error: 'EIO', times: 2 });
  await rejectsWith4006(log.append(buildNumbered(3, 'lost'), 3));
  assert.equal(log.health.repairPending, true);
  // The next append first retries the cut (fails once more: rejected), then the one after works.
  await rejectsWith4006(log.append(buildNumbered(1, 'x'), 1));
  await log.append(buildNumbered(1, 'later'), 1);
  assert.equal(log.health.repairPending, false);
  await log.close();
  const reopened = await openLog(dir.path);
  assert.deepEqual(await allPayloads(reopened), ['ok-0', 'ok-1', 'later-0']);
  await reopened.close();
});

test('faults: a failure after a segment rollover drops the new segment and reopens the old one', async () => {
  const log = await openLog(dir.path, { segmentSizeBytes: 200 });
  await log.append(buildNumbered(4, 'ok'), 4); // > 200 bytes: the next batch rolls over
  inject({ ops: ['open'], pathIncludes: '00000000000000000004', error: 'ENOSPC', times: 1 });
  await rejectsWith4006(log.append(buildNumbered(2, 'lost'), 2));
  assert.equal(log.nextOffset, 4);
  await log.append(buildNumbered(2, 'next'), 2);
  assert.equal(log.segmentsCount, 2);
  await log.close();
  const reopened = await openLog(dir.path, { segmentSizeBytes: 200 });
  assert.deepEqual(await allPayloads(reopened), ['ok-0', 'ok-1', 'ok-2', 'ok-3', 'next-0', 'next-1']);
  await reopened.close();
});

test('faults: ENOSPC on one partition does not stop another', async () => {
  const one = await openLog(join(dir.path, 'p1'));
  const two = await openLog(join(dir.path, 'p2'));
  inject({ ops: ['writev', 'open', 'datasync'], pathIncludes: '/p1/', error: 'ENOSPC' });
  await rejectsWith4006(one.append(buildNumbered(1, 'x'), 1));
  await two.append(buildNumbered(3, 'fine'), 3);
  assert.deepEqual(await allPayloads(two), ['fine-0', 'fine-1', 'fine-2']);
  await rejectsWith4006(one.append(buildNumbered(1, 'y'), 1));
  inject();
  await one.append(buildNumbered(1, 'z'), 1);
  assert.deepEqual(await allPayloads(one), ['z-0']);
  await Promise.all([one.close(), two.close()]);
});
