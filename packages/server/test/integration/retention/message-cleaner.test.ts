// retention: with [data_maintenance.messages] cleaner_enabled, sealed segments older than the
// topic's message_expiry are deleted, and a topic above 90 % of its max_size loses its oldest
// sealed segments; the active segment and the newest messages always stay. Method: small
// segments (64 KiB) and a short cleaner interval, then poll until the cleaner has run (bounded
// wait, no timing assertions).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy, type IggyClient } from '@iggy-node/sdk';
import { buildMessages } from '../../helpers/messages.js';
import { startTestServer } from '../../helpers/test-server.js';

const SEGMENT_BYTES = 64 * 1024;

async function fill(client: IggyClient, topicId: string, batches: number): Promise<void> {
  for (let b = 0; b < batches; b++) {
    await client.sendMessages({
      streamId: 'retention',
      topicId,
      partitioning: Partitioning.partitionId(0),
      messages: buildMessages(20, 1000, { firstIndex: b * 20, withHeaders: false }),
    });
  }
}

async function firstOffset(client: IggyClient, topicId: string): Promise<bigint> {
  const polled = await client.pollMessages({
    consumer: Consumer.single(1),
    streamId: 'retention',
    topicId,
    partitionId: 0,
    strategy: PollingStrategy.first(),
    count: 1,
    autoCommit: false,
  });
  return polled.messages[0]!.offset;
}

async function waitFor(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('retention: expired and oversize segments are deleted by the cleaner', { timeout: 60_000 }, async (t) => {
  const server = await startTestServer({
    env: {
      IGGY_SYSTEM_SEGMENT_SIZE: '64 KiB',
      IGGY_DATA_MAINTENANCE_MESSAGES_CLEANER_ENABLED: 'true',
      IGGY_DATA_MAINTENANCE_MESSAGES_INTERVAL: '200 ms',
    },
  });
  t.after(() => server.stop());
  const client = await server.binaryClient();
  await client.createStream('retention');
  await client.createTopic({ streamId: 'retention', name: 'expiring', partitionsCount: 1, messageExpiryMicros: 1_000_000n });
  await client.createTopic({ streamId: 'retention', name: 'capped', partitionsCount: 1, maxTopicSizeBytes: BigInt(4 * SEGMENT_BYTES) });
  await client.createTopic({ streamId: 'retention', name: 'kept', partitionsCount: 1 });

  await fill(client, 'expiring', 20);
  await fill(client, 'capped', 60);
  await fill(client, 'kept', 20);
  const keptSegments = (await client.getTopic('retention', 'kept'))!.partitions[0]!.segmentsCount;
  assert.ok(keptSegments > 2, 'the fill spans several segments');

  // Expiry: everything but the active segment goes once its newest message is older than 1 s.
  await waitFor('expired segments to be deleted', async () => (await client.getTopic('retention', 'expiring'))!.partitions[0]!.segmentsCount === 1);
  const expiring = (await client.getTopic('retention', 'expiring'))!.partitions[0]!;
  assert.equal(expiring.currentOffset, 399n, 'offsets are untouched');
  assert.ok((await firstOffset(client, 'expiring')) > 0n, 'the oldest messages are gone');

  // Size: down below 90 % of 256 KiB, plus at most the active segment.
  await waitFor('the capped topic to shrink', async () => (await client.getTopic('retention', 'capped'))!.sizeBytes < BigInt(Math.floor((4 * SEGMENT_BYTES * 9) / 10)));
  const capped = (await client.getTopic('retention', 'capped'))!;
  assert.ok(capped.partitions[0]!.segmentsCount >= 1);
  const last = await client.pollMessages({
    consumer: Consumer.single(1),
    streamId: 'retention',
    topicId: 'capped',
    partitionId: 0,
    strategy: PollingStrategy.last(),
    count: 5,
    autoCommit: false,
  });
  assert.deepEqual(
    last.messages.map((m) => m.offset),
    [1195n, 1196n, 1197n, 1198n, 1199n],
    'the newest messages stay',
  );

  // A topic without expiry or size limit keeps everything.
  assert.equal((await client.getTopic('retention', 'kept'))!.partitions[0]!.segmentsCount, keptSegments);
  assert.equal(await firstOffset(client, 'kept'), 0n);
});
