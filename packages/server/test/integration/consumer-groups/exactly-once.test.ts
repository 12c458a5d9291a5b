// consumer groups (issue 5 acceptance): with 3 partitions, members joining, leaving and disconnecting while a producer sends 30,000 messages, every message is delivered exactly once across the group when members commit after processing; method: numbered payloads counted per index by a shared ledger, membership changes triggered at producer milestones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Consumer, Partitioning } from '@iggy-node/sdk';
import { startTestServer } from '../../helpers/test-server.js';
import { binaryOnlyOverHttp } from '../../helpers/test-transport.js';
import { CommittingMember, DeliveryLedger, FAST_REBALANCING_ENV, numberedPayload, waitFor, type GroupAddress } from './group-test-support.js';

const PARTITIONS_COUNT = 3;
const MESSAGES_TOTAL = 30_000;
const MESSAGES_PER_SEND = 100;
const DRAIN_TIMEOUT_MS = 60_000;

test('3 partitions, members joining and leaving during 30,000 sends: each message delivered exactly once', {
  // Over HTTP only the producer would change (balanced sends over HTTP: partitioning/balanced,
  // and a group fed over HTTP: multi-shard); the subject, membership changes, is binary-only.
  skip: binaryOnlyOverHttp('members joining and leaving a consumer group; no HTTP route in Iggy 0.7'),
}, async (t) => {
  const server = await startTestServer({ env: FAST_REBALANCING_ENV });
  t.after(() => server.stop());
  const admin = await server.client();
  const stream = await admin.createStream('cg-exactly-once');
  const topic = await admin.createTopic({ streamId: stream.id, name: 'orders', partitionsCount: PARTITIONS_COUNT });
  const group = await admin.createConsumerGroup(stream.id, topic.id, 'workers');
  const address: GroupAddress = { streamId: stream.id, topicId: topic.id, groupId: group.id };
  const ledger = new DeliveryLedger();

  const members: CommittingMember[] = [];
  const startMember = async (): Promise<CommittingMember> => {
    const member = new CommittingMember(await server.binaryClient(), address, ledger);
    members.push(member);
    await member.join();
    return member;
  };

  // Membership changes at producer milestones (sent message counts), each on its own connection.
  const first = await startMember();
  let second: CommittingMember | undefined;
  let third: CommittingMember | undefined;
  const milestones: [number, () => Promise<void>][] = [
    [3_000, async () => void (second = await startMember())],
    [8_000, async () => void (third = await startMember())],
    [13_000, () => first.leave()],
    [17_000, async () => void (await startMember())],
    // A disconnect after a graceful stop: the connection's close makes it leave the group.
    [21_000, async () => {
      await second!.stop();
      await second!.client.close();
    }],
    [25_000, async () => void (await startMember())],
    [28_000, () => third!.leave()],
  ];

  const producer = await server.client();
  for (let sent = 0; sent < MESSAGES_TOTAL; sent += MESSAGES_PER_SEND) {
    while (milestones.length > 0 && milestones[0]![0] <= sent) await milestones.shift()![1]();
    const messages = Array.from({ length: MESSAGES_PER_SEND }, (_, i) => ({ payload: numberedPayload(sent + i) }));
    await producer.sendMessages({ streamId: stream.id, topicId: topic.id, partitioning: Partitioning.balanced(), messages });
  }

  await waitFor(() => ledger.distinct >= MESSAGES_TOTAL, DRAIN_TIMEOUT_MS, () => `${ledger.distinct} of ${MESSAGES_TOTAL} distinct messages delivered (${ledger.deliveries} deliveries)`);
  // Let a late duplicate, if any, arrive before judging.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await Promise.all(members.map((m) => m.stop()));

  const commitErrors = members.flatMap((m) => m.commitErrors);
  assert.deepEqual(commitErrors.map(String), [], 'commits refused');
  ledger.assertExactlyOnce(MESSAGES_TOTAL);
  assert.ok(members.filter((m) => m.received > 0).length >= 4, 'several members shared the work');

  // The group's stored offsets reached the end of every partition (read as the group: binary).
  const offsets = await server.binaryClient();
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    const offset = await offsets.getConsumerOffset({ consumer: Consumer.group(group.id), streamId: stream.id, topicId: topic.id, partitionId });
    assert.ok(offset, `partition ${partitionId}: nothing stored`);
    assert.equal(offset.storedOffset, offset.currentOffset, `partition ${partitionId}: stored offset`);
  }
});
