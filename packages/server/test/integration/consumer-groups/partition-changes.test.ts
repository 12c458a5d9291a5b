// consumer groups: creating and deleting partitions rebalances the group so its members' partitions cover every partition exactly once, fairly; method: GetConsumerGroup after each change (waiting for cooperative hand-overs), then polls that must reach the new partitions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy, type ConsumerGroupDetails } from '@iggy-node/sdk';
import { startTestServer } from '../../helpers/test-server.js';
import { coversEveryPartitionOnce, FAST_REBALANCING_ENV, waitFor } from './group-test-support.js';

const SETTLE_TIMEOUT_MS = 10_000;

function assertFairSizes(group: ConsumerGroupDetails): void {
  const sizes = group.members.map((m) => m.partitions.length);
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `unfair sizes ${JSON.stringify(sizes)}`);
}

test('adding and deleting partitions rebalances the group over every partition exactly once', async (t) => {
  const server = await startTestServer({ env: FAST_REBALANCING_ENV });
  t.after(() => server.stop());
  const admin = await server.client();
  const stream = await admin.createStream('cg-partitions');
  const topic = await admin.createTopic({ streamId: stream.id, name: 't', partitionsCount: 3 });
  const group = await admin.createConsumerGroup(stream.id, topic.id, 'g');
  const members = [await server.binaryClient(), await server.binaryClient()];
  for (const member of members) await member.joinConsumerGroup(stream.id, topic.id, group.id);

  let latest: ConsumerGroupDetails | null = null;
  const settled = (partitionsCount: number) => async () => {
    latest = await admin.getConsumerGroup(stream.id, topic.id, group.id);
    return latest?.partitionsCount === partitionsCount && coversEveryPartitionOnce(latest, partitionsCount);
  };
  const describe = () => JSON.stringify(latest);

  await waitFor(settled(3), SETTLE_TIMEOUT_MS, describe);
  assert.equal(latest!.membersCount, 2);
  assertFairSizes(latest!);

  await admin.createPartitions(stream.id, topic.id, 4);
  await waitFor(settled(7), SETTLE_TIMEOUT_MS, describe);
  assertFairSizes(latest!);

  // Every partition, the new ones included, is now polled by some member.
  for (let partitionId = 0; partitionId < 7; partitionId++) {
    await admin.sendMessages({ streamId: stream.id, topicId: topic.id, partitioning: Partitioning.partitionId(partitionId), messages: [{ payload: Buffer.from(`p${partitionId}`) }] });
  }
  const seen = new Set<string>();
  await waitFor(
    async () => {
      for (const member of members) {
        const polled = await member.pollMessages({ consumer: Consumer.group(group.id), streamId: stream.id, topicId: topic.id, partitionId: null, strategy: PollingStrategy.next(), count: 10, autoCommit: true });
        for (const message of polled.messages) {
          assert.equal(message.payload.toString(), `p${polled.partitionId}`);
          seen.add(message.payload.toString());
        }
      }
      return seen.size === 7;
    },
    SETTLE_TIMEOUT_MS,
    () => `polled ${[...seen].sort().join(',')}`,
  );

  await admin.deletePartitions(stream.id, topic.id, 5);
  await waitFor(settled(2), SETTLE_TIMEOUT_MS, describe);
  assert.deepEqual(latest!.members.map((m) => m.partitions.length), [1, 1]);

  // A third member with two partitions: one member gets nothing, none is owned twice.
  const third = await server.binaryClient();
  await third.joinConsumerGroup(stream.id, topic.id, group.id);
  await waitFor(settled(2), SETTLE_TIMEOUT_MS, describe);
  assert.equal(latest!.membersCount, 3);
  assert.deepEqual(latest!.members.map((m) => m.partitions.length).sort(), [0, 1, 1]);
});
