// Goal: a consumer offset or a metadata change that cannot be written is refused with
// CannotWriteToFile (not the generic error 1), never half applied, and the next one works once
// the disk does (issue 13, item 1); method: the FileIo seam injects ENOSPC/EIO per call.
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import { StateLog } from '../../../src/metadata/state-log.js';
import { ConsumerOffsetStore } from '../../../src/storage/consumer-offset-store.js';
import { setFileIo } from '../../../src/storage/file-io.js';
import { FaultInjector } from '../../../src/storage/fault-injector.js';
import { makeTempDir } from './storage-test-helpers.js';

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

const isCannotWrite = (error: unknown): boolean => IggyError.is(error) && error.code === ErrorCode.CannotWriteToFile;

test('faults: a consumer offset that cannot be written is refused, and memory keeps the stored value', async () => {
  const store = await ConsumerOffsetStore.open(dir.path);
  await store.store('consumer', 7, 10);
  faults.setRules([{ ops: ['write'], error: 'ENOSPC', times: 1 }]);
  await assert.rejects(store.store('consumer', 7, 20), isCannotWrite);
  assert.equal(store.get('consumer', 7), 10);
  faults.setRules([{ ops: ['rename'], error: 'EIO', times: 1 }]);
  await assert.rejects(store.store('group', 1, 5), isCannotWrite);
  assert.equal(store.get('group', 1), undefined);
  assert.deepEqual(await readdir(join(dir.path, 'offsets', 'groups')), [], 'no temp file is left behind');
  await store.store('consumer', 7, 30);
  const reopened = await ConsumerOffsetStore.open(dir.path);
  assert.deepEqual(reopened.all(), [{ kind: 'consumer', id: 7, offset: 30 }]);
});

test('faults: a state log append that fails is refused with CannotWriteToFile and leaves no entry', async () => {
  const path = join(dir.path, 'state', 'log');
  const { log } = await StateLog.open(path, { enforceFsync: true });
  const entry = (text: string) => ({ code: 202, payload: Buffer.from(text), timestampMicros: 1n, userId: 0 });
  await log.append(entry('one'));
  faults.setRules([{ ops: ['write'], shortBytes: 10, times: 1 }, { ops: ['write'], error: 'ENOSPC', times: 1 }]);
  await assert.rejects(log.append(entry('lost')), isCannotWrite);
  assert.equal(log.failing, true);
  faults.setRules([{ ops: ['datasync'], error: 'EIO', times: 1 }]);
  await assert.rejects(log.append(entry('lost too')), isCannotWrite);
  faults.setRules([{ ops: ['write'], error: 'EIO', times: 1 }, { ops: ['truncate'], error: 'EIO', times: 2 }]);
  await assert.rejects(log.append(entry('lost three')), isCannotWrite);
  await assert.rejects(log.append(entry('refused while the cut fails')), isCannotWrite);
  await log.append(entry('two'));
  assert.equal(log.failing, false);
  await log.close();
  const { entries, warnings } = await StateLog.open(path, { enforceFsync: false });
  assert.deepEqual(entries.map((e) => e.payload.toString()), ['one', 'two']);
  assert.deepEqual(warnings, []);
});
