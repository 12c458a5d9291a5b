// [system.encryption]: payloads and state-log commands never reach the disk in clear text;
// a restart with the same key (or a second server given a copy of the data and the key) reads
// everything back; a wrong or malformed key stops start-up with a message naming the key.
// Method: marker strings in payloads and in a stream name, then every file under the data
// directory is searched for them byte by byte.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy, type IggyClient } from '@iggy-node/sdk';
import { assertPolledMatch, buildMessages } from '../../helpers/messages.js';
import { createTestDataDir, startTestServer } from '../../helpers/test-server.js';

const PAYLOAD_MARKER = 'PAYLOAD-MARKER-5e1f';
const STREAM_MARKER = 'STREAM-MARKER-9c2d';
const MESSAGES_COUNT = 200;

function encryptionEnv(key: string): Record<string, string> {
  // Small segments, so the data spans several sealed and one active segment.
  return { IGGY_SYSTEM_ENCRYPTION_ENABLED: 'true', IGGY_SYSTEM_ENCRYPTION_KEY: key, IGGY_SYSTEM_SEGMENT_SIZE: '16 KiB' };
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function filesContaining(directory: string, needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const file of await filesUnder(directory)) {
    if ((await readFile(file)).includes(Buffer.from(needle))) found.push(file);
  }
  return found;
}

async function pollAll(client: IggyClient) {
  const polled = await client.pollMessages({
    consumer: Consumer.single(1),
    streamId: STREAM_MARKER,
    topicId: 'events',
    partitionId: 0,
    strategy: PollingStrategy.offset(0n),
    count: MESSAGES_COUNT * 2,
    autoCommit: false,
  });
  return polled.messages;
}

test('encryption: data at rest is ciphertext, and the key reads it back after restart and on another server', { timeout: 120_000 }, async (t) => {
  const key = randomBytes(32).toString('base64');
  const dataDir = createTestDataDir();
  const copyDir = createTestDataDir();
  t.after(() => Promise.all([rm(dataDir, { recursive: true, force: true }), rm(copyDir, { recursive: true, force: true })]));
  const sent = buildMessages(MESSAGES_COUNT, 300, { prefix: PAYLOAD_MARKER });

  let server = await startTestServer({ dataDir, env: encryptionEnv(key) });
  try {
    const client = await server.binaryClient();
    await client.createStream(STREAM_MARKER);
    await client.createTopic({ streamId: STREAM_MARKER, name: 'events', partitionsCount: 1 });
    for (let at = 0; at < MESSAGES_COUNT; at += 20) {
      await client.sendMessages({ streamId: STREAM_MARKER, topicId: 'events', partitioning: Partitioning.partitionId(0), messages: sent.slice(at, at + 20) });
    }
    await client.flushUnsavedBuffer(STREAM_MARKER, 'events', 0, true);
    assertPolledMatch(await pollAll(client), sent, { firstOffset: 0n });
    const topic = (await client.getTopic(STREAM_MARKER, 'events'))!;
    assert.ok(topic.partitions[0]!.segmentsCount > 1, 'the data spans several segments');
    // Sizes describe the stored (encrypted) bytes: 28 bytes of nonce and tag per message more.
    const plainBytes = sent.reduce((sum, m) => sum + 64 + m.payload.length, 0);
    assert.ok(topic.sizeBytes >= BigInt(plainBytes + MESSAGES_COUNT * 28), `size ${topic.sizeBytes} counts the encrypted payloads`);
  } finally {
    assert.equal(await server.stop(), 0);
  }

  assert.deepEqual(await filesContaining(dataDir, PAYLOAD_MARKER), [], 'no payload in clear text');
  assert.deepEqual(await filesContaining(dataDir, STREAM_MARKER), [], 'no state-log command in clear text');
  assert.deepEqual(await filesContaining(dataDir, key), [], 'the key is not written (current_config.toml masks it)');
  const segments = (await filesUnder(dataDir)).filter((file) => file.endsWith('.log') && file.includes('partitions'));
  assert.ok(segments.length > 1, 'segment files were searched');

  server = await startTestServer({ dataDir, env: encryptionEnv(key) });
  try {
    assertPolledMatch(await pollAll(await server.binaryClient()), sent, { firstOffset: 0n });
    assert.ok(!server.stdout().includes(key), 'the key is not logged');
  } finally {
    assert.equal(await server.stop(), 0);
  }

  await cp(dataDir, copyDir, { recursive: true });
  await rm(join(copyDir, 'server.lock'), { force: true });
  const second = await startTestServer({ dataDir: copyDir, env: encryptionEnv(key) });
  try {
    const client = await second.binaryClient();
    assert.ok((await client.getStream(STREAM_MARKER)) !== null);
    assertPolledMatch(await pollAll(client), sent, { firstOffset: 0n });
  } finally {
    assert.equal(await second.stop(), 0);
  }

  const wrongKey = randomBytes(32).toString('base64');
  await assert.rejects(startTestServer({ dataDir, env: encryptionEnv(wrongKey), startTimeoutMs: 60_000 }), (error: Error) => {
    assert.match(error.message, /system\.encryption\.key/);
    assert.match(error.message, /cannot be decrypted/);
    return true;
  });
  await assert.rejects(startTestServer({ dataDir, env: { IGGY_SYSTEM_SEGMENT_SIZE: '16 KiB' }, startTimeoutMs: 60_000 }), (error: Error) => {
    assert.match(error.message, /system\.encryption/);
    return true;
  });

  // The data survived both refused starts.
  server = await startTestServer({ dataDir, env: encryptionEnv(key) });
  try {
    assertPolledMatch(await pollAll(await server.binaryClient()), sent, { firstOffset: 0n });
  } finally {
    await server.stop();
  }
});

test('encryption: a malformed key stops start-up and names the key', { timeout: 60_000 }, async () => {
  for (const key of ['not base64 at all!', randomBytes(16).toString('base64')]) {
    await assert.rejects(startTestServer({ env: { IGGY_SYSTEM_ENCRYPTION_ENABLED: 'true', IGGY_SYSTEM_ENCRYPTION_KEY: key } }), (error: Error) => {
      assert.match(error.message, /system\.encryption\.key/);
      assert.ok(!error.message.includes(key), 'the rejected key is not echoed');
      return true;
    });
  }
});
