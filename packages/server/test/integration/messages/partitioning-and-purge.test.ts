// Goal: two server-side behaviours that only the wire shows. (1) messages_key partitioning puts a
// message in partition XXH32(seed 0, key) mod partitions_count (wire-protocol.md §7.5), the same
// partition every time, for short and long keys. (2) After PurgeTopic / PurgeStream, stored
// consumer offsets are gone, the partition is empty and offsets restart at 0 (§10.6, §11.6), and
// a `next` poll starts from the first new message. Method: one server; the partition is predicted
// with an XXH32 written from the specification (helpers/xxh32.ts), not the server's hash.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { startTestServer, type HarnessClient, type TestServer } from '../../helpers/test-server.js';
import { xxh32Reference } from '../../helpers/xxh32.js';

const PARTITIONS_COUNT = 3;
const KEYS = ['user-1', 'user-2', 'user-3', 'order-42', 'a', 'bb', 'ccc', 'dddd', 'x'.repeat(16), 'y'.repeat(37), 'z'.repeat(255), 'ключ'];

describe('messages_key partitioning and offsets after purge', () => {
  let server: TestServer;
  let client: HarnessClient;

  before(async () => {
    server = await startTestServer();
    client = await server.client();
    await client.createStream('wire');
  });
  after(() => server.stop());

  async function pollAll(streamId: string, topicId: string, partitionId: number) {
    return client.pollMessages({ consumer: Consumer.single(1), streamId, topicId, partitionId, strategy: PollingStrategy.offset(0n), count: 1000, autoCommit: false });
  }

  it('messages_key: partition = XXH32(key) mod partitions_count, stable per key', async () => {
    await client.createTopic({ streamId: 'wire', name: 'keyed', partitionsCount: PARTITIONS_COUNT });
    const expected = new Map<number, string[]>();
    for (let round = 0; round < 2; round++) {
      for (const key of KEYS) {
        await client.sendMessages({ streamId: 'wire', topicId: 'keyed', partitioning: Partitioning.messagesKey(key), messages: [{ payload: Buffer.from(key) }] });
        const partitionId = xxh32Reference(Buffer.from(key, 'utf8')) % PARTITIONS_COUNT;
        expected.set(partitionId, [...(expected.get(partitionId) ?? []), key]);
      }
    }
    assert.ok(expected.size > 1, 'the keys spread over more than one partition, or the check proves little');
    for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
      const polled = await pollAll('wire', 'keyed', partitionId);
      assert.deepEqual(
        polled.messages.map((message) => message.payload.toString('utf8')),
        expected.get(partitionId) ?? [],
        `partition ${partitionId}`,
      );
    }
  });

  for (const scope of ['topic', 'stream'] as const) {
    it(`after Purge${scope === 'topic' ? 'Topic' : 'Stream'}: offsets cleared, partition empty, new messages from offset 0`, async () => {
      const streamId = scope === 'topic' ? 'wire' : 'purged-stream';
      const topicId = `purged-${scope}`;
      if (scope === 'stream') await client.createStream(streamId);
      await client.createTopic({ streamId, name: topicId, partitionsCount: 1 });
      const send = (texts: string[]) =>
        client.sendMessages({ streamId, topicId, partitioning: Partitioning.partitionId(0), messages: texts.map((text) => ({ payload: Buffer.from(text) })) });
      const target = { consumer: Consumer.single(7), streamId, topicId, partitionId: 0 };
      await send(['old-0', 'old-1', 'old-2', 'old-3', 'old-4']);
      await client.storeConsumerOffset({ ...target, offset: 3n });
      assert.equal((await client.getConsumerOffset(target))?.storedOffset, 3n);

      if (scope === 'topic') await client.purgeTopic(streamId, topicId);
      else await client.purgeStream(streamId);

      assert.equal(await client.getConsumerOffset(target), null, 'stored offset cleared (empty OK)');
      const empty = await pollAll(streamId, topicId, 0);
      assert.equal(empty.count, 0);
      assert.equal(empty.currentOffset, 0n, 'current offset back to 0');
      const topic = await client.getTopic(streamId, topicId);
      assert.equal(topic?.messagesCount, 0n);
      assert.equal(topic?.sizeBytes, 0n);

      await send(['new-0', 'new-1']);
      const polled = await pollAll(streamId, topicId, 0);
      assert.deepEqual(
        polled.messages.map((message) => [message.offset, message.payload.toString()]),
        [
          [0n, 'new-0'],
          [1n, 'new-1'],
        ],
      );
      const next = await client.pollMessages({ ...target, strategy: PollingStrategy.next(), count: 10, autoCommit: true });
      assert.deepEqual(next.messages.map((message) => message.payload.toString()), ['new-0', 'new-1'], 'next starts at the first new message');
      assert.equal((await client.getConsumerOffset(target))?.storedOffset, 1n);
    });
  }
});
