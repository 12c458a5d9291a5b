// [system.message_deduplication]: a message whose id the partition accepted within `expiry`
// is dropped before offsets are assigned (survivors are numbered without gaps); the send still
// succeeds, also when every message of the batch is a duplicate; past max_entries the oldest
// id is forgotten; partitions created while the server runs deduplicate too. Method: explicit
// ids, then poll everything and compare ids and offsets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy, type IggyClient } from '@iggy-node/sdk';
import { startTestServer } from '../../helpers/test-server.js';

const EXPIRY_MS = 1000;

async function send(client: IggyClient, partitionId: number, ids: number[]): Promise<void> {
  await client.sendMessages({
    streamId: 'dedup',
    topicId: 'events',
    partitioning: Partitioning.partitionId(partitionId),
    messages: ids.map((id, at) => ({ id: BigInt(id), payload: Buffer.from(`id ${id} #${at}`) })),
  });
}

async function stored(client: IggyClient, partitionId: number): Promise<Array<[bigint, bigint]>> {
  const polled = await client.pollMessages({
    consumer: Consumer.single(1),
    streamId: 'dedup',
    topicId: 'events',
    partitionId,
    strategy: PollingStrategy.offset(0n),
    count: 1000,
    autoCommit: false,
  });
  return polled.messages.map((m) => [m.offset, m.id]);
}

test('deduplication: within a batch, across batches, eviction, expiry, all-duplicate batch, new partition', { timeout: 60_000 }, async (t) => {
  const server = await startTestServer({
    env: {
      IGGY_SYSTEM_MESSAGE_DEDUPLICATION_ENABLED: 'true',
      IGGY_SYSTEM_MESSAGE_DEDUPLICATION_MAX_ENTRIES: '5',
      IGGY_SYSTEM_MESSAGE_DEDUPLICATION_EXPIRY: `${EXPIRY_MS} ms`,
    },
  });
  t.after(() => server.stop());
  const client = await server.binaryClient();
  await client.createStream('dedup');
  await client.createTopic({ streamId: 'dedup', name: 'events', partitionsCount: 1 });

  // Within one batch: the second 2 and the second 1 go; offsets stay consecutive.
  await send(client, 0, [1, 2, 2, 3, 1]);
  assert.deepEqual(await stored(client, 0), [[0n, 1n], [1n, 2n], [2n, 3n]]);

  // Across batches.
  await send(client, 0, [3, 4]);
  assert.deepEqual((await stored(client, 0)).slice(3), [[3n, 4n]]);

  // A batch of duplicates only: accepted, nothing stored, the partition keeps working.
  await send(client, 0, [4, 3, 2]);
  assert.equal((await stored(client, 0)).length, 4);
  assert.equal((await client.getTopic('dedup', 'events'))!.partitions[0]!.messagesCount, 4n);

  // Id 0 asks the server for an id and is never a duplicate.
  await send(client, 0, [0, 0]);
  assert.equal((await stored(client, 0)).length, 6);

  // max_entries = 5: remembered now 1,2,3,4; adding 5 and 6 forgets 1, the oldest.
  await send(client, 0, [5, 6]);
  await send(client, 0, [1, 6]);
  assert.deepEqual((await stored(client, 0)).slice(6).map(([, id]) => id), [5n, 6n, 1n]);

  // A partition created after start has its own deduplicator.
  await client.createPartitions('dedup', 'events', 1);
  await send(client, 1, [6, 6, 7]);
  await send(client, 1, [7]);
  assert.deepEqual(await stored(client, 1), [[0n, 6n], [1n, 7n]]);

  // After the expiry an id is accepted again.
  await new Promise((resolve) => setTimeout(resolve, EXPIRY_MS + 500));
  await send(client, 0, [6]);
  await send(client, 1, [7]);
  assert.deepEqual((await stored(client, 0)).at(-1), [9n, 6n]);
  assert.deepEqual((await stored(client, 1)).at(-1), [2n, 7n]);
});

test('deduplication off (the default): the same id is stored twice', { timeout: 60_000 }, async (t) => {
  const server = await startTestServer();
  t.after(() => server.stop());
  const client = await server.binaryClient();
  await client.createStream('dedup');
  await client.createTopic({ streamId: 'dedup', name: 'events', partitionsCount: 1 });
  await send(client, 0, [1, 1]);
  await send(client, 0, [1]);
  assert.deepEqual(await stored(client, 0), [[0n, 1n], [1n, 1n], [2n, 1n]]);
});
