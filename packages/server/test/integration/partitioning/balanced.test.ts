// Balanced partitioning as Iggy 0.7: one round-robin counter per topic shared by every shard, so
// batches from connections on different shards still go 0,1,2,0,1,2…; a topic recreated under
// the same id starts at partition 0 again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Consumer, PollingStrategy } from '@iggy-node/sdk';
import { withTestServer, type HarnessClient } from '../../helpers/test-server.js';

const PARTITIONS_COUNT = 3;
/** Not a multiple of the partition count: a counter that survived the delete would not be at 0. */
const BATCHES_COUNT = 7;
/** Enough connections that, with SO_REUSEPORT spreading accepts, both shards serve some. */
const PRODUCERS_COUNT = 4;

/** Sends batch i (one message "batch-i") from producer i % n, then reports where each landed. */
async function sendBalancedAndLocate(producers: HarnessClient[], reader: HarnessClient, streamId: string, topicId: string): Promise<number[]> {
  for (let batch = 0; batch < BATCHES_COUNT; batch++) {
    await producers[batch % producers.length]!.sendMessages({
      streamId,
      topicId,
      partitioning: { kind: 'balanced' },
      messages: [{ payload: Buffer.from(`batch-${batch}`) }],
    });
  }
  const partitionOf: number[] = [];
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    const polled = await reader.pollMessages({
      consumer: Consumer.single(1),
      streamId,
      topicId,
      partitionId,
      strategy: PollingStrategy.offset(0),
      count: BATCHES_COUNT,
      autoCommit: false,
    });
    for (const message of polled.messages) partitionOf[Number(message.payload.toString().slice('batch-'.length))] = partitionId;
  }
  return partitionOf;
}

test('balanced sends to a new 3-partition topic on 2 shards go 0,1,2,0,1,2…, and again from 0 after delete and recreate', async (t) => {
  const server = await withTestServer(t, { shardCount: 2 });
  const reader = await server.client();
  const producers = await Promise.all(Array.from({ length: PRODUCERS_COUNT }, () => server.client()));
  await reader.createStream('balanced');
  await reader.createTopic({ streamId: 'balanced', name: 'spread', partitionsCount: PARTITIONS_COUNT });
  const expected = Array.from({ length: BATCHES_COUNT }, (_, batch) => batch % PARTITIONS_COUNT);
  assert.deepEqual(await sendBalancedAndLocate(producers, reader, 'balanced', 'spread'), expected);

  const before = await reader.getTopic('balanced', 'spread');
  await reader.deleteTopic('balanced', 'spread');
  await reader.createTopic({ streamId: 'balanced', name: 'spread', partitionsCount: PARTITIONS_COUNT });
  const after = await reader.getTopic('balanced', 'spread');
  assert.equal(after?.id, before?.id, 'the recreated topic reuses the id');
  assert.deepEqual(await sendBalancedAndLocate(producers, reader, 'balanced', 'spread'), expected);
});
