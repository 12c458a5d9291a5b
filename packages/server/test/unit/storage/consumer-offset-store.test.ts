// Goal: stored consumer/group offsets persist as 8-byte files, reload at open, and delete cleanly; method: a temp partition dir, files inspected directly.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, test } from 'node:test';
import { ConsumerOffsetStore } from '../../../src/storage/consumer-offset-store.js';
import { makeTempDir } from './storage-test-helpers.js';

let dir: { path: string; cleanup: () => Promise<void> };
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await dir.cleanup();
});

test('offsets: store writes an 8-byte little-endian file and reloads it at open', async () => {
  const store = await ConsumerOffsetStore.open(dir.path);
  assert.equal(store.get('consumer', 1), undefined);
  await store.store('consumer', 1, 42);
  await store.store('group', 3577999708, 2 ** 40);
  assert.equal(store.get('consumer', 1), 42);
  const file = await readFile(join(dir.path, 'offsets', 'consumers', '1'));
  assert.deepEqual(file, Buffer.from([42, 0, 0, 0, 0, 0, 0, 0]));
  assert.equal((await readFile(join(dir.path, 'offsets', 'groups', '3577999708'))).readBigUInt64LE(0), 2n ** 40n);

  const reloaded = await ConsumerOffsetStore.open(dir.path);
  assert.equal(reloaded.get('consumer', 1), 42);
  assert.equal(reloaded.get('group', 3577999708), 2 ** 40);
  assert.equal(reloaded.get('group', 1), undefined, 'consumers and groups are separate');
  assert.deepEqual(reloaded.all().sort((a, b) => a.id - b.id), [
    { kind: 'consumer', id: 1, offset: 42 },
    { kind: 'group', id: 3577999708, offset: 2 ** 40 },
  ]);
  assert.equal(reloaded.minOffset(), 42);
});

test('offsets: the last of several concurrent stores wins on disk and no temp file remains', async () => {
  const store = await ConsumerOffsetStore.open(dir.path);
  await Promise.all([1, 2, 3, 4, 5].map((offset) => store.store('consumer', 9, offset)));
  assert.equal(store.get('consumer', 9), 5);
  assert.deepEqual(await readdir(join(dir.path, 'offsets', 'consumers')), ['9']);
  assert.equal((await ConsumerOffsetStore.open(dir.path)).get('consumer', 9), 5);
});

test('offsets: delete removes the entry and file and reports whether one existed', async () => {
  const store = await ConsumerOffsetStore.open(dir.path, { fsync: true });
  await store.store('group', 2, 10);
  assert.equal(await store.delete('group', 2), true);
  assert.equal(await store.delete('group', 2), false);
  assert.equal(store.get('group', 2), undefined);
  assert.deepEqual(await readdir(join(dir.path, 'offsets', 'groups')), []);
  assert.equal(store.minOffset(), undefined);
});

test('offsets: clear removes everything', async () => {
  const store = await ConsumerOffsetStore.open(dir.path);
  await store.store('consumer', 1, 1);
  await store.store('group', 1, 2);
  await store.clear();
  assert.deepEqual(store.all(), []);
  assert.deepEqual(await readdir(join(dir.path, 'offsets', 'consumers')), []);
  assert.deepEqual(await readdir(join(dir.path, 'offsets', 'groups')), []);
});

test('offsets: open skips non-numeric names, names above u32 and short files', async () => {
  const consumers = join(dir.path, 'offsets', 'consumers');
  await mkdir(consumers, { recursive: true });
  await writeFile(join(consumers, 'abc'), Buffer.alloc(8));
  await writeFile(join(consumers, '4294967296'), Buffer.alloc(8));
  await writeFile(join(consumers, '5'), Buffer.alloc(3));
  const ok = Buffer.alloc(8);
  ok.writeBigUInt64LE(77n);
  await writeFile(join(consumers, '6'), ok);
  await writeFile(join(consumers, '6.1.tmp'), Buffer.alloc(8));
  const store = await ConsumerOffsetStore.open(dir.path);
  assert.deepEqual(store.all(), [{ kind: 'consumer', id: 6, offset: 77 }]);
  assert.ok(!(await readdir(consumers)).includes('6.1.tmp'), 'leftover temp files are removed');
});
