// Goal: with an encryptor the state log stores command payloads as AES-256-GCM (Iggy 0.7's
// layout, checksum of the plaintext entry), reads them back with the key, and refuses, without
// truncating anything, to open with another key or with none. Method: temp files, reopen.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { AES_256_GCM_OVERHEAD_BYTES, Aes256GcmEncryptor, xxh3_64 } from '@iggy-node/protocol';
import { StateLog } from '../../../src/metadata/state-log.js';

const directories: string[] = [];
after(async () => {
  for (const directory of directories) await rm(directory, { recursive: true, force: true });
});

async function tempLogPath(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'iggy-state-log-enc-'));
  directories.push(directory);
  return join(directory, 'log');
}

test('encrypted entries: ciphertext on disk, plaintext checksum, plaintext after reopen', async () => {
  const path = await tempLogPath();
  const encryptor = new Aes256GcmEncryptor(randomBytes(32));
  const { log } = await StateLog.open(path, { enforceFsync: false, encryptor });
  await log.append({ code: 202, payload: Buffer.from('create stream secret-name'), timestampMicros: 1n, userId: 0 });
  await log.append({ code: 302, payload: Buffer.from('create topic other-secret'), timestampMicros: 2n, userId: 0 });
  await log.close();

  const bytes = await readFile(path);
  assert.ok(!bytes.includes(Buffer.from('secret')), 'payloads are not stored in clear text');
  const commandLength = bytes.readUInt32LE(60);
  assert.equal(commandLength, 'create stream secret-name'.length + AES_256_GCM_OVERHEAD_BYTES, 'nonce ‖ ciphertext ‖ tag');
  const stored = bytes.subarray(64, 64 + commandLength);
  assert.equal(encryptor.decrypt(stored).toString(), 'create stream secret-name');
  // The checksum is the one of the plaintext entry (as Iggy computes it before encrypting).
  const plain = Buffer.concat([bytes.subarray(0, 60), Buffer.alloc(4), Buffer.from('create stream secret-name')]);
  plain.writeUInt32LE('create stream secret-name'.length, 60);
  assert.equal(bytes.readBigUInt64LE(44), xxh3_64(Buffer.concat([plain.subarray(0, 44), plain.subarray(52)])));

  const reopened = await StateLog.open(path, { enforceFsync: false, encryptor });
  assert.deepEqual(reopened.entries.map((entry) => entry.payload.toString()), ['create stream secret-name', 'create topic other-secret']);
  assert.deepEqual(reopened.warnings, []);
  await reopened.log.close();
});

test('a wrong key or no key refuses to open and truncates nothing, even for a single entry', async () => {
  for (const entriesCount of [1, 3]) {
    const path = await tempLogPath();
    const { log } = await StateLog.open(path, { enforceFsync: false, encryptor: new Aes256GcmEncryptor(randomBytes(32)) });
    for (let i = 0; i < entriesCount; i += 1) await log.append({ code: 202, payload: Buffer.from(`entry ${i}`), timestampMicros: 1n, userId: 0 });
    await log.close();
    const size = (await stat(path)).size;

    await assert.rejects(StateLog.open(path, { enforceFsync: false, encryptor: new Aes256GcmEncryptor(randomBytes(32)) }), /cannot be decrypted with system\.encryption\.key/);
    assert.equal((await stat(path)).size, size);
    if (entriesCount > 1) {
      await assert.rejects(StateLog.open(path, { enforceFsync: false }), /system\.encryption/);
      assert.equal((await stat(path)).size, size);
    }
  }
});
