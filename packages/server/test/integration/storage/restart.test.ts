// restart: 1,000,000 messages of 1000 bytes with headers over 10 partitions survive a SIGTERM and
// a restart byte-identical, read back by offset, by timestamp and with `next`, and the next
// send continues at the right offset. Method: deterministic payloads (index-derived), so the
// reader regenerates what it expects instead of keeping a gigabyte in memory.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy, type IggyClient } from '@iggy-node/sdk';
import type { PolledMessage } from '@iggy-node/protocol';
import { buildMessages, buildPayload } from '../../helpers/messages.js';
import { startTestServer } from '../../helpers/test-server.js';

const PARTITIONS_COUNT = 10;
const BATCH_MESSAGES_COUNT = 1000;
const BATCHES_COUNT = 1000;
const MESSAGE_SIZE_BYTES = 1000;
const PER_PARTITION_COUNT = (BATCHES_COUNT / PARTITIONS_COUNT) * BATCH_MESSAGES_COUNT;

/** Batch b went to partition b % 10, so offset o of partition p holds this message index. */
function messageIndex(partitionId: number, offset: number): number {
  const batch = partitionId + PARTITIONS_COUNT * Math.floor(offset / BATCH_MESSAGES_COUNT);
  return batch * BATCH_MESSAGES_COUNT + (offset % BATCH_MESSAGES_COUNT);
}

function assertMessage(message: PolledMessage, partitionId: number, offset: number): void {
  assert.equal(message.offset, BigInt(offset), `partition ${partitionId}: expected offset ${offset}`);
  const index = messageIndex(partitionId, offset);
  assert.ok(message.payload.equals(buildPayload(index, MESSAGE_SIZE_BYTES)), `partition ${partitionId} offset ${offset}: payload differs`);
  assert.equal(message.headers?.index?.value.readUInt32LE(0), index, `partition ${partitionId} offset ${offset}: header differs`);
  assert.equal(message.headers?.name?.value.toString(), `message-${index}`);
}

async function sendAll(client: IggyClient): Promise<void> {
  for (let batch = 0; batch < BATCHES_COUNT; batch++) {
    await client.sendMessages({
      streamId: 'restart',
      topicId: 'events',
      partitioning: Partitioning.partitionId(batch % PARTITIONS_COUNT),
      messages: buildMessages(BATCH_MESSAGES_COUNT, MESSAGE_SIZE_BYTES, { firstIndex: batch * BATCH_MESSAGES_COUNT }),
    });
  }
}

test('restart: 1M messages survive SIGTERM and read back by offset, timestamp and next', { timeout: 600_000 }, async (t) => {
  const first = await startTestServer({ keepDataDir: true });
  let server = first;
  t.after(async () => {
    await server.stop();
    await rm(first.dataDir, { recursive: true, force: true });
  });
  const producer = await first.binaryClient();
  await producer.createStream('restart');
  await producer.createTopic({ streamId: 'restart', name: 'events', partitionsCount: PARTITIONS_COUNT });
  await sendAll(producer);
  assert.equal(await first.stop('SIGTERM'), 0, 'clean exit on SIGTERM');

  server = await startTestServer({ dataDir: first.dataDir });
  const client = await server.binaryClient();
  const topic = await client.getTopic('restart', 'events');
  assert.equal(topic?.messagesCount, BigInt(BATCHES_COUNT * BATCH_MESSAGES_COUNT));

  // By offset, recording each batch's timestamp for the timestamp pass.
  const batchTimestamps: bigint[][] = [];
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    const timestamps: bigint[] = [];
    for (let offset = 0; offset < PER_PARTITION_COUNT; offset += BATCH_MESSAGES_COUNT) {
      const polled = await client.pollMessages({
        consumer: Consumer.single(1),
        streamId: 'restart',
        topicId: 'events',
        partitionId,
        strategy: PollingStrategy.offset(offset),
        count: BATCH_MESSAGES_COUNT,
        autoCommit: false,
      });
      assert.equal(polled.count, BATCH_MESSAGES_COUNT);
      assert.equal(polled.currentOffset, BigInt(PER_PARTITION_COUNT - 1));
      polled.messages.forEach((message, i) => assertMessage(message, partitionId, offset + i));
      const batchTimestamp = polled.messages[0]!.timestamp;
      assert.ok(polled.messages.every((m) => m.timestamp === batchTimestamp), 'one timestamp per batch');
      timestamps.push(batchTimestamp);
    }
    for (let i = 1; i < timestamps.length; i++) assert.ok(timestamps[i]! >= timestamps[i - 1]!, 'timestamps never decrease');
    batchTimestamps.push(timestamps);
  }

  // By timestamp: each batch's timestamp finds the first message stamped at or after it.
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    const timestamps = batchTimestamps[partitionId]!;
    for (let batch = 0; batch < timestamps.length; batch++) {
      const polled = await client.pollMessages({
        consumer: Consumer.single(1),
        streamId: 'restart',
        topicId: 'events',
        partitionId,
        strategy: PollingStrategy.timestamp(timestamps[batch]!),
        count: BATCH_MESSAGES_COUNT,
        autoCommit: false,
      });
      const firstBatch = timestamps.indexOf(timestamps[batch]!);
      const expectedOffset = firstBatch * BATCH_MESSAGES_COUNT;
      assert.equal(polled.count, BATCH_MESSAGES_COUNT);
      polled.messages.forEach((message, i) => assertMessage(message, partitionId, expectedOffset + i));
    }
  }

  // With `next` and auto-commit: every message exactly once, then nothing.
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    let expected = 0;
    for (;;) {
      const polled = await client.pollMessages({
        consumer: Consumer.single('restart-reader'),
        streamId: 'restart',
        topicId: 'events',
        partitionId,
        strategy: PollingStrategy.next(),
        count: 5000,
        autoCommit: true,
      });
      if (polled.count === 0) break;
      polled.messages.forEach((message, i) => assertMessage(message, partitionId, expected + i));
      expected += polled.count;
    }
    assert.equal(expected, PER_PARTITION_COUNT);
  }

  // The next send continues where the log ended, on every partition.
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    await client.sendMessages({
      streamId: 'restart',
      topicId: 'events',
      partitioning: Partitioning.partitionId(partitionId),
      messages: buildMessages(3, 100, { prefix: 'after-restart' }),
    });
    const polled = await client.pollMessages({
      consumer: Consumer.single(1),
      streamId: 'restart',
      topicId: 'events',
      partitionId,
      strategy: PollingStrategy.last(),
      count: 3,
      autoCommit: false,
    });
    assert.deepEqual(
      polled.messages.map((m) => m.offset),
      [0n, 1n, 2n].map((i) => BigInt(PER_PARTITION_COUNT) + i),
    );
  }
});
