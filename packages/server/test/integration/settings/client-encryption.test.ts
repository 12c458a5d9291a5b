// SDK client-side encryption (IggyClientOptions.encryptor, as Iggy's SDKs): payloads are
// encrypted before they are sent and decrypted after they are polled, so with server-side
// encryption off the data directory holds only ciphertext; a client without the key sees
// ciphertext, and one with another key fails the poll with CannotDecryptData.
// Method: marker payloads, then every file under the data directory is searched.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { Aes256GcmEncryptor, Consumer, ErrorCode, IggyError, Partitioning, PollingStrategy, type IggyClient } from '@iggy-node/sdk';
import { assertPolledMatch, buildMessages } from '../../helpers/messages.js';
import { startTestServer } from '../../helpers/test-server.js';

const MARKER = 'CLIENT-SIDE-MARKER-41b7';

async function poll(client: IggyClient) {
  return (
    await client.pollMessages({
      consumer: Consumer.single(1),
      streamId: 'client-enc',
      topicId: 'events',
      partitionId: 0,
      strategy: PollingStrategy.offset(0n),
      count: 100,
      autoCommit: false,
    })
  ).messages;
}

test('client-side encryption: the server stores only ciphertext and the key never leaves the client', { timeout: 60_000 }, async (t) => {
  const server = await startTestServer({ keepDataDir: false });
  t.after(() => server.stop());
  const key = randomBytes(32).toString('base64');
  const encrypting = await server.binaryClient({ encryptor: Aes256GcmEncryptor.fromBase64Key(key) });
  await encrypting.createStream('client-enc');
  await encrypting.createTopic({ streamId: 'client-enc', name: 'events', partitionsCount: 1 });
  const sent = buildMessages(50, 200, { prefix: MARKER });
  await encrypting.sendMessages({ streamId: 'client-enc', topicId: 'events', partitioning: Partitioning.partitionId(0), messages: sent });
  await encrypting.flushUnsavedBuffer('client-enc', 'events', 0, true);

  assertPolledMatch(await poll(encrypting), sent, { firstOffset: 0n });

  const plain = await server.binaryClient();
  const raw = await poll(plain);
  assert.equal(raw.length, sent.length);
  for (const [at, message] of raw.entries()) {
    assert.equal(message.payload.length, sent[at]!.payload.length + 28, 'nonce ‖ ciphertext ‖ tag');
    assert.ok(!message.payload.includes(Buffer.from(MARKER)));
  }

  const otherKey = await server.binaryClient({ encryptor: new Aes256GcmEncryptor(randomBytes(32)) });
  await assert.rejects(poll(otherKey), (error: unknown) => IggyError.is(error) && error.code === ErrorCode.CannotDecryptData);

  const entries = await readdir(server.dataDir, { withFileTypes: true, recursive: true });
  let searched = 0;
  for (const entry of entries.filter((e) => e.isFile())) {
    const bytes = await readFile(join(entry.parentPath, entry.name));
    assert.ok(!bytes.includes(Buffer.from(MARKER)), `${entry.name} holds a payload in clear text`);
    assert.ok(!bytes.includes(Buffer.from(key)), `${entry.name} holds the key`);
    searched += 1;
  }
  assert.ok(searched > 3);
});
