// restart: 1,000,000 messages of 1000 bytes with headers over 10 partitions survive a SIGTERM and
// a restart byte-identical, read back by offset, by timestamp and with `next`, and the next
// send continues at the right offset. Method: deterministic payloads (index-derived), so the
// reader regenerates what it expects instead of keeping a gigabyte in memory. The million
// messages go out and come back as raw wire bytes (helpers/indexed-records.ts): each record's
// offset, payload and user headers are compared with the bytes message `index` must have, without
// a JS object per message; the first batch is checked to be exactly what the SDK would have sent,
// and one batch per partition is also read through the SDK's decoder.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { test } from 'node:test';
import { CommandCode, Consumer, Partitioning, PollingStrategy, type IggyClient } from '@iggy-node/sdk';
import { encodePollMessagesRequest, encodeSendMessagesRequest, type PolledMessage, type PollMessagesRequest, type SendMessagesMeta } from '@iggy-node/protocol';
import { assertIndexedRecords, encodeIndexedSendMessages, readPollResponseHeader } from '../../helpers/indexed-records.js';
import { buildMessages, buildPayload } from '../../helpers/messages.js';
import { startTestServer } from '../../helpers/test-server.js';

const PARTITIONS_COUNT = 10;
const BATCH_MESSAGES_COUNT = 1000;
const BATCHES_COUNT = 1000;
const MESSAGE_SIZE_BYTES = 1000;
const PER_PARTITION_COUNT = (BATCHES_COUNT / PARTITIONS_COUNT) * BATCH_MESSAGES_COUNT;
/** The by-offset pass reads this many batches per poll (10 MB responses, fewer round trips). */
const OFFSET_POLL_BATCHES = 10;

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

function batchMeta(partitionId: number): SendMessagesMeta {
  return { streamId: 'restart', topicId: 'events', partitioning: Partitioning.partitionId(partitionId) };
}

/** A SendMessages or PollMessages round trip on the raw frame; a non-zero status fails the test. */
async function request(client: IggyClient, code: number, payload: Buffer): Promise<Buffer> {
  const response = await client.sendRaw(code, payload);
  assert.equal(response.status, 0, `command ${code} failed with status ${response.status}`);
  return response.payload;
}

function pollRequest(partitionId: number, fields: Pick<PollMessagesRequest, 'consumer' | 'strategy' | 'count' | 'autoCommit'>): Buffer {
  return encodePollMessagesRequest({ streamId: 'restart', topicId: 'events', partitionId, ...fields });
}

async function sendAll(client: IggyClient): Promise<void> {
  for (let batch = 0; batch < BATCHES_COUNT; batch++) {
    const payload = encodeIndexedSendMessages(batchMeta(batch % PARTITIONS_COUNT), {
      firstIndex: batch * BATCH_MESSAGES_COUNT,
      count: BATCH_MESSAGES_COUNT,
      payloadSizeBytes: MESSAGE_SIZE_BYTES,
    });
    await request(client, CommandCode.SendMessages, payload);
  }
}

/** Reads the 8-byte timestamp of the record at `at` as a bigint. */
function timestampAt(payload: Buffer, at: number): bigint {
  return payload.readBigUInt64LE(at + 32);
}

test('restart: 1M messages survive SIGTERM and read back by offset, timestamp and next', { timeout: 600_000 }, async (t) => {
  // The raw batch is the very request the SDK builds from buildMessages (same origin timestamp).
  const originTimestampUs = 1_700_000_000_000_000n;
  const sdkMessages = buildMessages(BATCH_MESSAGES_COUNT, MESSAGE_SIZE_BYTES, { firstIndex: 7 * BATCH_MESSAGES_COUNT });
  for (const message of sdkMessages) message.originTimestamp = originTimestampUs;
  assert.ok(
    encodeIndexedSendMessages(batchMeta(7), { firstIndex: 7 * BATCH_MESSAGES_COUNT, count: BATCH_MESSAGES_COUNT, payloadSizeBytes: MESSAGE_SIZE_BYTES, originTimestampUs }).equals(
      encodeSendMessagesRequest({ ...batchMeta(7), messages: sdkMessages }),
    ),
    'raw batch differs from the SDK encoding of buildMessages',
  );

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
  const pollCount = OFFSET_POLL_BATCHES * BATCH_MESSAGES_COUNT;
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    const timestamps: bigint[] = [];
    for (let offset = 0; offset < PER_PARTITION_COUNT; offset += pollCount) {
      const where = `partition ${partitionId} by offset ${offset}`;
      const polled = await request(client, CommandCode.PollMessages, pollRequest(partitionId, { consumer: Consumer.single(1), strategy: PollingStrategy.offset(offset), count: pollCount, autoCommit: false }));
      const header = readPollResponseHeader(polled);
      assert.equal(header.count, pollCount, where);
      assert.equal(header.currentOffset, BigInt(PER_PARTITION_COUNT - 1), where);
      const starts = assertIndexedRecords(polled, { firstOffset: offset, indexAt: (o) => messageIndex(partitionId, o), payloadSizeBytes: MESSAGE_SIZE_BYTES, where });
      for (let batchStart = 0; batchStart < pollCount; batchStart += BATCH_MESSAGES_COUNT) {
        const batchTimestamp = timestampAt(polled, starts[batchStart]!);
        for (let i = batchStart + 1; i < batchStart + BATCH_MESSAGES_COUNT; i++) {
          if (timestampAt(polled, starts[i]!) !== batchTimestamp) assert.fail(`${where}: one timestamp per batch (offset ${offset + i})`);
        }
        timestamps.push(batchTimestamp);
      }
    }
    for (let i = 1; i < timestamps.length; i++) assert.ok(timestamps[i]! >= timestamps[i - 1]!, 'timestamps never decrease');
    batchTimestamps.push(timestamps);
  }

  // By timestamp: each batch's timestamp finds the first message stamped at or after it.
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    const timestamps = batchTimestamps[partitionId]!;
    for (let batch = 0; batch < timestamps.length; batch++) {
      const where = `partition ${partitionId} by timestamp of batch ${batch}`;
      const polled = await request(client, CommandCode.PollMessages, pollRequest(partitionId, { consumer: Consumer.single(1), strategy: PollingStrategy.timestamp(timestamps[batch]!), count: BATCH_MESSAGES_COUNT, autoCommit: false }));
      const firstBatch = timestamps.indexOf(timestamps[batch]!);
      const expectedOffset = firstBatch * BATCH_MESSAGES_COUNT;
      assert.equal(readPollResponseHeader(polled).count, BATCH_MESSAGES_COUNT, where);
      assertIndexedRecords(polled, { firstOffset: expectedOffset, indexAt: (o) => messageIndex(partitionId, o), payloadSizeBytes: MESSAGE_SIZE_BYTES, where });
    }
  }

  // With `next` and auto-commit: every message exactly once, then nothing.
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    let expected = 0;
    for (;;) {
      const where = `partition ${partitionId} with next after ${expected}`;
      const polled = await request(client, CommandCode.PollMessages, pollRequest(partitionId, { consumer: Consumer.single('restart-reader'), strategy: PollingStrategy.next(), count: 5000, autoCommit: true }));
      const count = readPollResponseHeader(polled).count;
      if (count === 0) break;
      assertIndexedRecords(polled, { firstOffset: expected, indexAt: (o) => messageIndex(partitionId, o), payloadSizeBytes: MESSAGE_SIZE_BYTES, where });
      expected += count;
    }
    assert.equal(expected, PER_PARTITION_COUNT);
  }

  // The SDK's decoder reads the same messages (offsets, payloads, parsed headers): one batch per
  // partition, the first.
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    const polled = await client.pollMessages({
      consumer: Consumer.single(1),
      streamId: 'restart',
      topicId: 'events',
      partitionId,
      strategy: PollingStrategy.offset(0),
      count: BATCH_MESSAGES_COUNT,
      autoCommit: false,
    });
    assert.equal(polled.count, BATCH_MESSAGES_COUNT);
    polled.messages.forEach((message, i) => assertMessage(message, partitionId, i));
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
