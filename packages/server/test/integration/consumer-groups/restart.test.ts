// consumer groups: a group and its stored offsets survive a graceful restart (SIGTERM, same data dir), and `next` polling continues right after them; method: store offsets explicitly, restart, read them back with GetConsumerOffset and poll.
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { createTestDataDir, startTestServer } from '../../helpers/test-server.js';
import { binaryOnlyOverHttp } from '../../helpers/test-transport.js';
import { FAST_REBALANCING_ENV, numberedPayload, payloadIndex } from './group-test-support.js';

const MESSAGES_PER_PARTITION = 10;
const STORED = [4, 7];

test('group offsets survive a restart and polling next continues after them', {
  skip: binaryOnlyOverHttp('offsets stored and read as a consumer group, polling as its member; no HTTP route in Iggy 0.7'),
}, async (t) => {
  const dataDir = createTestDataDir();
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));

  const first = await startTestServer({ env: FAST_REBALANCING_ENV, dataDir });
  let stopFirst = true;
  t.after(() => (stopFirst ? first.stop() : undefined));
  const client = await first.client();
  const stream = await client.createStream('cg-restart');
  const topic = await client.createTopic({ streamId: stream.id, name: 't', partitionsCount: 2 });
  const group = await client.createConsumerGroup(stream.id, topic.id, 'durable');
  const target = { consumer: Consumer.group(group.id), streamId: stream.id, topicId: topic.id };
  for (let partitionId = 0; partitionId < 2; partitionId++) {
    const messages = Array.from({ length: MESSAGES_PER_PARTITION }, (_, i) => ({ payload: numberedPayload(partitionId * 100 + i) }));
    await client.sendMessages({ streamId: stream.id, topicId: topic.id, partitioning: Partitioning.partitionId(partitionId), messages });
  }
  const member = await first.binaryClient(); // offsets as the group: binary only
  await member.joinConsumerGroup(stream.id, topic.id, group.id);
  for (let partitionId = 0; partitionId < 2; partitionId++) {
    await member.storeConsumerOffset({ ...target, partitionId, offset: BigInt(STORED[partitionId]!) });
  }
  assert.equal(await first.stop('SIGTERM'), 0, 'graceful exit');
  stopFirst = false;

  const second = await startTestServer({ env: FAST_REBALANCING_ENV, dataDir });
  t.after(() => second.stop());
  const groupAfter = await (await second.client()).getConsumerGroup(stream.id, topic.id, 'durable');
  const again = await second.binaryClient();
  assert.ok(groupAfter, 'the group definition survived');
  assert.equal(groupAfter.id, group.id);
  assert.equal(groupAfter.membersCount, 0, 'membership is not persisted');
  for (let partitionId = 0; partitionId < 2; partitionId++) {
    const offset = await again.getConsumerOffset({ ...target, partitionId });
    assert.deepEqual(offset, { partitionId, currentOffset: BigInt(MESSAGES_PER_PARTITION - 1), storedOffset: BigInt(STORED[partitionId]!) });
  }

  // The only member owns both partitions; round-robin polls each once, from stored + 1.
  await again.joinConsumerGroup(stream.id, topic.id, group.id);
  const firstIndexes = new Map<number, number>();
  for (let poll = 0; poll < 2; poll++) {
    const polled = await again.pollMessages({ ...target, partitionId: null, strategy: PollingStrategy.next(), count: 100, autoCommit: true });
    assert.equal(polled.messages.length, MESSAGES_PER_PARTITION - 1 - STORED[polled.partitionId]!);
    assert.equal(polled.messages[0]!.offset, BigInt(STORED[polled.partitionId]! + 1));
    firstIndexes.set(polled.partitionId, payloadIndex(polled.messages[0]!.payload));
  }
  assert.deepEqual([...firstIndexes].sort(), [[0, STORED[0]! + 1], [1, 100 + STORED[1]! + 1]]);
});
