// IggyConsumer against a real server: group members share a topic exactly once when they stop gracefully, a failing handler leaves its message uncommitted (at-least-once), 'auto' commit skips the unprocessed rest of a batch (at-most-once), the iterator commits only what the loop finished, and an idle consumer backs off until data arrives; method: numbered payloads and stored offsets read back with GetConsumerOffset.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Consumer, Partitioning } from '../../src/helpers.js';
import { IggyConsumer, type ReceivedMessage } from '../../src/high-level/consumer.js';
import type { IggyClient } from '../../src/iggy-client.js';
import { startRealServer, type RealServer } from './real-server.js';

function payloads(from: number, count: number) {
  return Array.from({ length: count }, (_, i) => ({ payload: Buffer.from(`n${from + i}`) }));
}

function indexOf(received: ReceivedMessage): number {
  return Number(received.message.payload.toString().slice(1));
}

async function waitFor(condition: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function setup(server: RealServer, name: string, partitionsCount: number): Promise<{ admin: IggyClient; streamId: number; topicId: number }> {
  const admin = await server.client();
  const stream = await admin.createStream(name);
  const topic = await admin.createTopic({ streamId: stream.id, name: 't', partitionsCount });
  return { admin, streamId: stream.id, topicId: topic.id };
}

test('IggyConsumer', async (t) => {
  const server = await startRealServer({ IGGY_CONSUMER_GROUP_REBALANCING_CHECK_INTERVAL: '100 ms', IGGY_CONSUMER_GROUP_REBALANCING_TIMEOUT: '2 s' });
  t.after(() => server.stop());

  await t.test('two group members with commit after processing receive every message once', async () => {
    const { admin, streamId, topicId } = await setup(server, 'hl-group', 3);
    const counts = new Map<number, number>();
    const consumers = [await server.client(), await server.client()].map(
      (client) => new IggyConsumer({ client, streamId, topicId, group: 'workers', createGroup: true, batchSize: 20 }),
    );
    const loops = consumers.map((consumer) =>
      consumer.consume(async ({ message }) => {
        const index = Number(message.payload.toString().slice(1));
        counts.set(index, (counts.get(index) ?? 0) + 1);
      }),
    );
    for (let i = 0; i < 30; i++) await admin.sendMessages({ streamId, topicId, partitioning: Partitioning.balanced(), messages: payloads(i * 100, 100) });
    await waitFor(() => counts.size === 3000, 20_000, () => `${counts.size} received`);
    await Promise.all(consumers.map((c) => c.stop()));
    await Promise.all(loops);
    assert.deepEqual([...counts.values()].filter((n) => n !== 1), [], 'no duplicates');
    const group = await admin.getConsumerGroup(streamId, topicId, 'workers');
    assert.equal(group?.membersCount, 0, 'stop() leaves the group');
    for (let partitionId = 0; partitionId < 3; partitionId++) {
      const offset = await admin.getConsumerOffset({ consumer: Consumer.group('workers'), streamId, topicId, partitionId });
      assert.equal(offset?.storedOffset, offset?.currentOffset, `partition ${partitionId} committed to the end`);
    }
  });

  await t.test('a failing handler: messages before it are committed, it is delivered again', async () => {
    const { admin, streamId, topicId } = await setup(server, 'hl-failure', 1);
    await admin.sendMessages({ streamId, topicId, partitioning: Partitioning.partitionId(0), messages: payloads(0, 10) });
    const failing = new IggyConsumer({ client: await server.client(), streamId, topicId, consumerId: 7, partitionId: 0 });
    const seen: number[] = [];
    await assert.rejects(
      failing.consume((received) => {
        if (indexOf(received) === 6) throw new Error('handler failed');
        seen.push(indexOf(received));
      }),
      /handler failed/,
    );
    await failing.stop();
    assert.deepEqual(seen, [0, 1, 2, 3, 4, 5]);
    assert.equal((await admin.getConsumerOffset({ consumer: Consumer.single(7), streamId, topicId, partitionId: 0 }))?.storedOffset, 5n);

    const retry = new IggyConsumer({ client: await server.client(), streamId, topicId, consumerId: 7, partitionId: 0 });
    const again: number[] = [];
    const loop = retry.consume((received) => void again.push(indexOf(received)));
    await waitFor(() => again.length === 4, 5_000, () => JSON.stringify(again));
    await retry.stop();
    await loop;
    assert.deepEqual(again, [6, 7, 8, 9]);
  });

  await t.test("commit 'auto': the server commits the whole batch when it is polled (at-most-once)", async () => {
    const { admin, streamId, topicId } = await setup(server, 'hl-auto', 1);
    await admin.sendMessages({ streamId, topicId, partitioning: Partitioning.partitionId(0), messages: payloads(0, 30) });
    const consumer = new IggyConsumer({ client: await server.client(), streamId, topicId, consumerId: 1, commit: 'auto', batchSize: 10 });
    const seen: number[] = [];
    for await (const received of consumer) {
      seen.push(indexOf(received));
      break; // "crash" after the first message of the batch
    }
    await consumer.stop();
    assert.deepEqual(seen, [0]);
    assert.equal((await admin.getConsumerOffset({ consumer: Consumer.single(1), streamId, topicId, partitionId: 0 }))?.storedOffset, 9n, 'messages 1..9 are lost to this consumer');
  });

  await t.test('iterator with commit after processing: leaving the loop commits the messages before the current one', async () => {
    const { admin, streamId, topicId } = await setup(server, 'hl-iterator', 1);
    await admin.sendMessages({ streamId, topicId, partitioning: Partitioning.partitionId(0), messages: payloads(0, 30) });
    const consumer = new IggyConsumer({ client: await server.client(), streamId, topicId, consumerId: 2, batchSize: 10 });
    const seen: number[] = [];
    for await (const received of consumer) {
      seen.push(indexOf(received));
      if (seen.length === 15) break;
    }
    await consumer.stop();
    assert.deepEqual(seen, Array.from({ length: 15 }, (_, i) => i));
    // Message 14 was still "in hand" when the loop left: it is delivered again.
    assert.equal((await admin.getConsumerOffset({ consumer: Consumer.single(2), streamId, topicId, partitionId: 0 }))?.storedOffset, 13n);
  });

  await t.test('an idle consumer backs off, picks up data sent later, and stops while waiting', async () => {
    const { admin, streamId, topicId } = await setup(server, 'hl-idle', 2);
    const errors: unknown[] = [];
    const consumer = new IggyConsumer({ client: await server.client(), streamId, topicId, group: 'idle', createGroup: true, maxBackoffMs: 50, onError: (e) => errors.push(e) });
    const seen: number[] = [];
    const loop = consumer.consume((received) => void seen.push(indexOf(received)));
    await new Promise((resolve) => setTimeout(resolve, 200)); // several empty polls
    await admin.sendMessages({ streamId, topicId, partitioning: Partitioning.partitionId(1), messages: payloads(0, 5) });
    await waitFor(() => seen.length === 5, 5_000, () => JSON.stringify(seen));
    await consumer.stop();
    await loop;
    assert.deepEqual(errors, []);
    assert.equal((await admin.getConsumerGroup(streamId, topicId, 'idle'))?.membersCount, 0);
  });

  await t.test('options: exactly one of group and consumerId', () => {
    assert.throws(() => new IggyConsumer({ client: {} as IggyClient, streamId: 1, topicId: 1 }), TypeError);
    assert.throws(() => new IggyConsumer({ client: {} as IggyClient, streamId: 1, topicId: 1, group: 1, consumerId: 1 }), TypeError);
  });
});
