// Goal: the state log survives reopen, truncates a torn tail with a warning and rejects interior corruption naming file and offset; method: write entries to a temp file, damage its bytes, reopen.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { xxh3_64 } from '@iggy-node/protocol';
import { StateLog, STATE_ENTRY_VERSION, encodeStateEntry } from '../../../src/metadata/state-log.js';

const directories: string[] = [];
after(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

async function tempLogPath(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'iggy-state-log-'));
  directories.push(directory);
  return join(directory, 'state', 'log');
}

async function writeEntries(path: string, payloads: string[], enforceFsync = false): Promise<number[]> {
  const { log, entries } = await StateLog.open(path, { enforceFsync });
  const offsets: number[] = [];
  for (const [position, text] of payloads.entries()) {
    const entry = await log.append({ code: 202, payload: Buffer.from(text), timestampMicros: 1000n + BigInt(position), userId: 3 });
    offsets.push(entry.fileOffset);
  }
  assert.equal(entries.length + payloads.length, Number(log.nextIndex));
  await log.close();
  return offsets;
}

test('entries round-trip with Iggy-like framing and an XXH3 checksum over all but the checksum field', async () => {
  const path = await tempLogPath();
  await writeEntries(path, ['first', 'second'], true);
  const bytes = await readFile(path);
  assert.equal(bytes.readBigUInt64LE(0), 0n, 'index');
  assert.equal(bytes.readUInt32LE(20), STATE_ENTRY_VERSION);
  assert.equal(bytes.readBigUInt64LE(32), 1000n, 'timestamp');
  assert.equal(bytes.readUInt32LE(40), 3, 'user id');
  assert.equal(bytes.readUInt32LE(52), 0, 'context length');
  assert.equal(bytes.readUInt32LE(56), 202, 'command code');
  assert.equal(bytes.readUInt32LE(60), 5, 'command length');
  assert.equal(bytes.subarray(64, 69).toString(), 'first');
  const first = bytes.subarray(0, 69);
  assert.equal(first.readBigUInt64LE(44), xxh3_64(Buffer.concat([first.subarray(0, 44), first.subarray(52)])));

  const { log, entries, warnings } = await StateLog.open(path, { enforceFsync: false });
  assert.deepEqual(warnings, []);
  assert.deepEqual(entries.map((entry) => [entry.index, entry.payload.toString(), entry.timestampMicros, entry.userId]), [
    [0n, 'first', 1000n, 3],
    [1n, 'second', 1001n, 3],
  ]);
  const third = await log.append({ code: 203, payload: Buffer.from('third'), timestampMicros: 5n, userId: 0 });
  assert.equal(third.index, 2n);
  await log.close();
  assert.equal((await StateLog.open(path, { enforceFsync: false })).entries.length, 3);
});

test('a torn last entry (cut short) is truncated away and reported', async () => {
  const path = await tempLogPath();
  const offsets = await writeEntries(path, ['one', 'two', 'three']);
  const full = await readFile(path);
  await writeFile(path, full.subarray(0, full.length - 4));
  const { log, entries, warnings } = await StateLog.open(path, { enforceFsync: false });
  assert.deepEqual(entries.map((entry) => entry.payload.toString()), ['one', 'two']);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, new RegExp(`byte offset ${offsets[2]}`));
  assert.equal((await stat(path)).size, offsets[2]);
  const next = await log.append({ code: 202, payload: Buffer.from('four'), timestampMicros: 9n, userId: 0 });
  assert.equal(next.index, 2n, 'the index continues after the kept entries');
  await log.close();
  assert.deepEqual((await StateLog.open(path, { enforceFsync: false })).entries.map((entry) => entry.payload.toString()), ['one', 'two', 'four']);
});

test('a complete last entry with a bad checksum, or trailing zeros, is a torn tail too', async () => {
  const path = await tempLogPath();
  const offsets = await writeEntries(path, ['one', 'two']);
  const bytes = await readFile(path);
  bytes[bytes.length - 1] ^= 0xff;
  await writeFile(path, bytes);
  let opened = await StateLog.open(path, { enforceFsync: false });
  assert.equal(opened.entries.length, 1);
  assert.match(opened.warnings[0]!, /checksum/);
  await opened.log.close();
  assert.equal((await stat(path)).size, offsets[1]);

  await appendFile(path, Buffer.alloc(100));
  opened = await StateLog.open(path, { enforceFsync: false });
  assert.equal(opened.entries.length, 1);
  assert.equal(opened.warnings.length, 1);
  await opened.log.close();
});

test('a damaged entry followed by valid entries rejects with the file and byte offset', async () => {
  const path = await tempLogPath();
  const offsets = await writeEntries(path, ['one', 'two', 'three']);
  const bytes = await readFile(path);
  bytes[offsets[1]! + 64] ^= 0xff;
  await writeFile(path, bytes);
  await assert.rejects(StateLog.open(path, { enforceFsync: false }), (error: Error) => {
    assert.ok(error.message.includes(path), error.message);
    assert.ok(error.message.includes(`byte offset ${offsets[1]}`), error.message);
    return true;
  });
  assert.equal((await stat(path)).size, bytes.length, 'nothing was truncated');
});

test('a corrupted length field in the middle is still detected as interior corruption', async () => {
  const path = await tempLogPath();
  const offsets = await writeEntries(path, ['one', 'two', 'three']);
  const bytes = await readFile(path);
  bytes.writeUInt32LE(0x7fff_ffff, offsets[1]! + 60);
  await writeFile(path, bytes);
  await assert.rejects(StateLog.open(path, { enforceFsync: false }), new RegExp(`byte offset ${offsets[1]}`));
});

test('an index gap rejects with the file and byte offset', async () => {
  const path = await tempLogPath();
  await writeEntries(path, ['one']);
  const base = { term: 0n, leaderId: 0, version: STATE_ENTRY_VERSION, flags: 0n, timestampMicros: 1n, userId: 0, context: Buffer.alloc(0), code: 202 };
  const skipped = encodeStateEntry({ ...base, index: 2n, payload: Buffer.from('skipped') });
  const before = (await stat(path)).size;
  await appendFile(path, skipped);
  await assert.rejects(StateLog.open(path, { enforceFsync: false }), (error: Error) => {
    assert.ok(error.message.includes(path));
    assert.ok(error.message.includes(`byte offset ${before}`), error.message);
    assert.match(error.message, /index 2, expected 1/);
    return true;
  });
});
