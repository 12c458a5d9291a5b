// consumer groups: a member's disconnect leaves the group, deleting a group removes its stored offsets, and purging a topic or stream clears them; method: GetConsumerGroup member counts and GetConsumerOffset before and after each action.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Consumer, ErrorCode, IggyError, Partitioning, PollingStrategy, type IggyClient } from '@iggy-node/sdk';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { FAST_REBALANCING_ENV, coversEveryPartitionOnce, waitFor } from './group-test-support.js';

async function setup(server: TestServer, name: string) {
  const admin = await server.client();
  const stream = await admin.createStream(name);
  const topic = await admin.createTopic({ streamId: stream.id, name: 't', partitionsCount: 2 });
  for (let partitionId = 0; partitionId < 2; partitionId++) {
    const messages = Array.from({ length: 5 }, (_, i) => ({ payload: Buffer.from(`m${i}`) }));
    await admin.sendMessages({ streamId: stream.id, topicId: topic.id, partitioning: Partitioning.partitionId(partitionId), messages });
  }
  return { admin, streamId: stream.id, topicId: topic.id };
}

/** Joins and stores `offset` on both partitions as the group. */
async function storeBoth(client: IggyClient, streamId: number, topicId: number, groupId: number, offset: bigint): Promise<void> {
  await client.joinConsumerGroup(streamId, topicId, groupId);
  for (let partitionId = 0; partitionId < 2; partitionId++) {
    await client.storeConsumerOffset({ consumer: Consumer.group(groupId), streamId, topicId, partitionId, offset });
  }
}

test('consumer group membership and offsets', async (t) => {
  const server = await startTestServer({ env: FAST_REBALANCING_ENV });
  t.after(() => server.stop());

  await t.test('a disconnect leaves the group and its partitions go to the remaining member', async () => {
    const { admin, streamId, topicId } = await setup(server, 'cg-disconnect');
    const group = await admin.createConsumerGroup(streamId, topicId, 'g');
    const staying = await server.binaryClient();
    const leaving = await server.binaryClient();
    await staying.joinConsumerGroup(streamId, topicId, group.id);
    await leaving.joinConsumerGroup(streamId, topicId, group.id);
    let details = await admin.getConsumerGroup(streamId, topicId, group.id);
    await waitFor(async () => coversEveryPartitionOnce((details = await admin.getConsumerGroup(streamId, topicId, group.id)), 2), 5_000, () => JSON.stringify(details));
    assert.equal(details!.membersCount, 2);
    assert.deepEqual(details!.members.map((m) => m.partitions.length), [1, 1]);

    await leaving.close();
    await waitFor(async () => (details = await admin.getConsumerGroup(streamId, topicId, group.id))?.membersCount === 1, 5_000, () => JSON.stringify(details));
    assert.deepEqual(details!.members[0]!.partitions, [0, 1]);
    // The remaining member polls both partitions.
    const seen = new Set<number>();
    for (let poll = 0; poll < 2; poll++) {
      const polled = await staying.pollMessages({ consumer: Consumer.group(group.id), streamId, topicId, partitionId: null, strategy: PollingStrategy.next(), count: 10, autoCommit: true });
      assert.equal(polled.messages.length, 5);
      seen.add(polled.partitionId);
    }
    assert.deepEqual([...seen].sort(), [0, 1]);
  });

  await t.test('leaving a group that was not joined fails with ConsumerGroupMemberNotFound', async () => {
    const { admin, streamId, topicId } = await setup(server, 'cg-leave');
    const group = await admin.createConsumerGroup(streamId, topicId, 'g');
    const stranger = await server.binaryClient();
    await assert.rejects(stranger.leaveConsumerGroup(streamId, topicId, group.id), (error: unknown) => error instanceof IggyError && error.code === ErrorCode.ConsumerGroupMemberNotFound);
  });

  await t.test('deleting a group removes its offsets', async () => {
    const { admin, streamId, topicId } = await setup(server, 'cg-delete');
    const group = await admin.createConsumerGroup(streamId, topicId, 'g');
    const member = await server.binaryClient();
    await storeBoth(member, streamId, topicId, group.id, 3n);
    const target = { consumer: Consumer.group(group.id), streamId, topicId, partitionId: 1 };
    assert.equal((await member.getConsumerOffset(target))?.storedOffset, 3n);

    await admin.deleteConsumerGroup(streamId, topicId, group.id);
    assert.equal(await admin.getConsumerGroup(streamId, topicId, group.id), null);
    // Recreated under the same id, the group starts without offsets.
    const recreated = await admin.createConsumerGroup(streamId, topicId, 'g');
    assert.equal(recreated.id, group.id, 'the id is reused, so stale offsets would show');
    for (let partitionId = 0; partitionId < 2; partitionId++) {
      assert.equal(await member.getConsumerOffset({ ...target, partitionId }), null, `partition ${partitionId}`);
    }
    await member.joinConsumerGroup(streamId, topicId, recreated.id);
    const polled = await member.pollMessages({ ...target, partitionId: null, strategy: PollingStrategy.next(), count: 10, autoCommit: false });
    assert.equal(polled.messages[0]?.offset, 0n, 'next starts from the beginning again');
  });

  await t.test('purging the topic and the stream clears group offsets', async () => {
    const { admin, streamId, topicId } = await setup(server, 'cg-purge');
    const group = await admin.createConsumerGroup(streamId, topicId, 'g');
    const member = await server.binaryClient();
    const target = { consumer: Consumer.group(group.id), streamId, topicId };

    await storeBoth(member, streamId, topicId, group.id, 2n);
    await admin.purgeTopic(streamId, topicId);
    for (let partitionId = 0; partitionId < 2; partitionId++) {
      assert.equal(await member.getConsumerOffset({ ...target, partitionId }), null, `topic purge, partition ${partitionId}`);
    }

    for (let partitionId = 0; partitionId < 2; partitionId++) {
      await admin.sendMessages({ streamId, topicId, partitioning: Partitioning.partitionId(partitionId), messages: [{ payload: Buffer.from('again') }] });
      await member.storeConsumerOffset({ ...target, partitionId, offset: 0n });
    }
    assert.equal((await member.getConsumerOffset({ ...target, partitionId: 0 }))?.storedOffset, 0n);
    await admin.purgeStream(streamId);
    for (let partitionId = 0; partitionId < 2; partitionId++) {
      assert.equal(await member.getConsumerOffset({ ...target, partitionId }), null, `stream purge, partition ${partitionId}`);
    }
    // The group itself survives a purge.
    assert.ok(await admin.getConsumerGroup(streamId, topicId, group.id));
  });
});
