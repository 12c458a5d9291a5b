// consumer groups across shards: with two shards and the topic's partitions spread over both (the spread-v1 placement of a new data directory), three committing members receive every message exactly once and the group's offsets land on each partition's owner; method: numbered messages per partition, a shared delivery ledger, GetConsumerOffset per partition.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Consumer, Partitioning } from '@iggy-node/sdk';
import { partitionKey } from '../../../src/bus/namespace.js';
import { createOwnerOf } from '../../../src/bus/partition-placement.js';
import { startTestServer } from '../../helpers/test-server.js';
import { CommittingMember, DeliveryLedger, FAST_REBALANCING_ENV, numberedPayload, waitFor, type GroupAddress } from './group-test-support.js';

const SHARD_COUNT = 2;
const PARTITIONS_COUNT = 8;
const MESSAGES_PER_PARTITION = 500;
const MESSAGES_PER_SEND = 50;

test('a group whose partitions live on two shards delivers every message exactly once', async (t) => {
  const server = await startTestServer({ env: FAST_REBALANCING_ENV, shardCount: SHARD_COUNT });
  t.after(() => server.stop());
  const admin = await server.client();
  const stream = await admin.createStream('cg-sharded');
  const topic = await admin.createTopic({ streamId: stream.id, name: 't', partitionsCount: PARTITIONS_COUNT });
  const ownerOf = createOwnerOf('spread-v1', SHARD_COUNT);
  const owners = Array.from({ length: PARTITIONS_COUNT }, (_, p) => ownerOf(partitionKey(stream.id, topic.id, p)));
  for (let shard = 0; shard < SHARD_COUNT; shard++) {
    assert.ok(owners.filter((o) => o === shard).length >= 2, `shard ${shard} must own several partitions: ${JSON.stringify(owners)}`);
  }
  const group = await admin.createConsumerGroup(stream.id, topic.id, 'sharded-workers');
  const address: GroupAddress = { streamId: stream.id, topicId: topic.id, groupId: group.id };
  const ledger = new DeliveryLedger();

  // Two members before the data, a third joins halfway (cooperative hand-over across shards).
  const members = [new CommittingMember(await server.binaryClient(), address, ledger, 40), new CommittingMember(await server.binaryClient(), address, ledger, 40)];
  for (const member of members) await member.join();
  const producer = await server.client();
  for (let round = 0; round < MESSAGES_PER_PARTITION / MESSAGES_PER_SEND; round++) {
    if (round === MESSAGES_PER_PARTITION / MESSAGES_PER_SEND / 2) {
      const late = new CommittingMember(await server.binaryClient(), address, ledger, 40);
      members.push(late);
      await late.join();
    }
    for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
      const first = partitionId * MESSAGES_PER_PARTITION + round * MESSAGES_PER_SEND;
      const messages = Array.from({ length: MESSAGES_PER_SEND }, (_, i) => ({ payload: numberedPayload(first + i) }));
      await producer.sendMessages({ streamId: stream.id, topicId: topic.id, partitioning: Partitioning.partitionId(partitionId), messages });
    }
  }

  const total = PARTITIONS_COUNT * MESSAGES_PER_PARTITION;
  await waitFor(() => ledger.distinct >= total, 30_000, () => `${ledger.distinct} of ${total} delivered`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await Promise.all(members.map((m) => m.stop()));
  assert.deepEqual(members.flatMap((m) => m.commitErrors).map(String), [], 'commits refused');
  ledger.assertExactlyOnce(total);

  const groupNow = await admin.getConsumerGroup(stream.id, topic.id, group.id);
  assert.equal(groupNow?.membersCount, 3);
  const offsets = await server.binaryClient(); // offsets as the group: binary only
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    const offset = await offsets.getConsumerOffset({ consumer: Consumer.group(group.id), streamId: stream.id, topicId: topic.id, partitionId });
    assert.equal(offset?.storedOffset, BigInt(MESSAGES_PER_PARTITION - 1), `partition ${partitionId} (shard ${owners[partitionId]})`);
  }
});
