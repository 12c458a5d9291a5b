// shards: polls without copies (issue 14). A poll's records are read straight into a memory-pool
// slot, with room left in front for the response headers, and written to the socket from there;
// the slot goes back when the write completes. Two shards, socket migration off, so polls from
// one connection reach partitions of both shards: some are served on the connection's shard,
// some by the other shard, their slot crossing by reference. Checked over plain TCP with a raw
// client: every poll response carries exactly the bytes of the segment files for its offsets
// (header fields included), also while a producer is still writing (records served from memory),
// and no poll-side copy is counted, every slot comes back, none twice. A second test uses the
// smallest pool the config accepts, whose buckets above 32 MiB get no slot: a 34 MiB poll falls
// back to an ordinary buffer, the copy is counted, and the data arrives intact.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CommandCode,
  encodeLoginUserRequest,
  encodePollMessagesRequest,
  POLL_RESPONSE_HEADER_SIZE,
  type PollingKind,
} from '@iggy-node/protocol';
import { Consumer, Partitioning, PollingStrategy, type IggyClient } from '@iggy-node/sdk';
import { assertPolledMatch, buildMessages } from '../../helpers/messages.js';
import { scrapeMetrics } from '../../helpers/scrape-metrics.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { RawConnection } from '../protocol/raw-connection.js';
import { tcpPassOnly } from '../../helpers/test-transport.js';

const STREAM = 'zero-copy-poll';
const TOPIC = 'records';
const PARTITIONS_COUNT = 4;
const BATCHES_PER_PARTITION = 4;
const MESSAGES_PER_BATCH = 100;
const PAYLOAD_SIZE_BYTES = 1000;
const RECORD_HEADER_SIZE = 64;
const POLL_SITES = ['poll_to_buffer', 'poll_transport_copy', 'poll_json_render'];

/** Every stored record of a partition, by offset, as its bytes in the segment .log files. */
async function storedRecords(dataDir: string, partitionId: number): Promise<Buffer[]> {
  const dir = join(dataDir, 'streams', '0', 'topics', '0', 'partitions', String(partitionId));
  const logs = (await readdir(dir)).filter((name) => name.endsWith('.log')).sort();
  const records: Buffer[] = [];
  for (const name of logs) {
    const data = await readFile(join(dir, name));
    for (let at = 0; at < data.length; ) {
      const size = RECORD_HEADER_SIZE + data.readUInt32LE(at + 52) + data.readUInt32LE(at + 48);
      assert.equal(Number(data.readBigUInt64LE(at + 24)), records.length, `${name}: offsets are dense from 0`);
      records.push(data.subarray(at, at + size));
      at += size;
    }
  }
  return records;
}

interface RawPoll {
  partitionId: number;
  currentOffset: number;
  count: number;
  records: Buffer;
}

async function rawPoll(raw: RawConnection, partitionId: number, kind: PollingKind, value: bigint, count: number, autoCommit = false): Promise<RawPoll> {
  const request = encodePollMessagesRequest({
    consumer: { kind: 'consumer', id: 7 },
    streamId: STREAM,
    topicId: TOPIC,
    partitionId,
    strategy: { kind, value },
    count,
    autoCommit,
  });
  const response = await raw.request(CommandCode.PollMessages, request);
  assert.equal(response.status, 0, `poll of partition ${partitionId} failed with ${response.status}`);
  const payload = response.payload;
  return {
    partitionId: payload.readUInt32LE(0),
    currentOffset: Number(payload.readBigUInt64LE(4)),
    count: payload.readUInt32LE(12),
    records: payload.subarray(POLL_RESPONSE_HEADER_SIZE),
  };
}

function assertSameRecords(polled: RawPoll, stored: Buffer[], firstOffset: number, what: string): void {
  const expected = Buffer.concat(stored.slice(firstOffset, firstOffset + polled.count));
  assert.ok(polled.count > 0, `${what}: records returned`);
  assert.ok(polled.records.equals(expected), `${what}: the response carries the stored bytes of offsets ${firstOffset}..${firstOffset + polled.count - 1}`);
}

async function loggedInRaw(server: TestServer): Promise<RawConnection> {
  const raw = await RawConnection.open(server.host, server.port);
  const login = await raw.request(CommandCode.LoginUser, encodeLoginUserRequest({ username: 'iggy', password: 'iggy', version: null, context: null }));
  assert.equal(login.status, 0);
  return raw;
}

async function sendBatches(client: IggyClient, partitionId: number, batches: number, firstIndex: number): Promise<void> {
  for (let b = 0; b < batches; b++) {
    const messages = buildMessages(MESSAGES_PER_BATCH, PAYLOAD_SIZE_BYTES, { firstIndex: firstIndex + b * MESSAGES_PER_BATCH, prefix: `p${partitionId}` });
    await client.sendMessages({ streamId: STREAM, topicId: TOPIC, partitioning: Partitioning.partitionId(partitionId), messages });
  }
}

/** Waits (bounded) until no pool slot is lent: a poll's slot goes back once its write completed. */
async function slotsInUseSettled(server: TestServer): Promise<number> {
  const deadline = Date.now() + 30_000;
  let inUse = (await scrapeMetrics(server)).sum('iggy_memory_pool_slots_in_use');
  while (inUse !== 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    inUse = (await scrapeMetrics(server)).sum('iggy_memory_pool_slots_in_use');
  }
  return inUse;
}

test('shards: polls over plain TCP answer the stored bytes from pool slots, with no poll-side copy', { timeout: 300_000, skip: tcpPassOnly('plain TCP on purpose') }, async (t) => {
  const server = await startTestServer({
    shardCount: 2,
    transport: 'tcp',
    env: { IGGY_HTTP_ENABLED: 'true', IGGY_HTTP_ADDRESS: '127.0.0.1:0', IGGY_TCP_SOCKET_MIGRATION: 'false' },
  });
  t.after(() => server.stop());
  const admin = await server.binaryClient();
  await admin.createStream(STREAM);
  await admin.createTopic({ streamId: STREAM, name: TOPIC, partitionsCount: PARTITIONS_COUNT });
  const placement = await scrapeMetrics(server);
  for (const shard of ['0', '1']) {
    assert.ok(placement.sum('iggy_shard_partitions_owned', { shard }) > 0, `shard ${shard} owns a partition, so some polls cross shards`);
  }
  for (let p = 0; p < PARTITIONS_COUNT; p++) await sendBatches(admin, p, BATCHES_PER_PARTITION, 0);
  const sentCount = BATCHES_PER_PARTITION * MESSAGES_PER_BATCH;
  for (let p = 0; p < PARTITIONS_COUNT; p++) await admin.flushUnsavedBuffer(STREAM, TOPIC, p);

  const before = await scrapeMetrics(server);
  const raw = await loggedInRaw(server);
  t.after(() => raw.destroy());
  let polls = 0;
  for (let p = 0; p < PARTITIONS_COUNT; p++) {
    const stored = await storedRecords(server.dataDir, p);
    assert.equal(stored.length, sentCount);
    const all = await rawPoll(raw, p, 'offset', 0n, 1000);
    assert.equal(all.partitionId, p);
    assert.equal(all.currentOffset, sentCount - 1);
    assert.equal(all.count, sentCount);
    assertSameRecords(all, stored, 0, `partition ${p}, offset 0`);
    assertSameRecords(await rawPoll(raw, p, 'offset', 150n, 120), stored, 150, `partition ${p}, offset 150`);
    assertSameRecords(await rawPoll(raw, p, 'first', 0n, 3), stored, 0, `partition ${p}, first`);
    assertSameRecords(await rawPoll(raw, p, 'last', 0n, 5), stored, sentCount - 5, `partition ${p}, last`);
    assertSameRecords(await rawPoll(raw, p, 'next', 0n, 10, true), stored, 0, `partition ${p}, next`);
    assertSameRecords(await rawPoll(raw, p, 'next', 0n, 10, true), stored, 10, `partition ${p}, next after auto-commit`);
    const timestamp = stored[200]!.readBigUInt64LE(32);
    const byTime = await rawPoll(raw, p, 'timestamp', timestamp, 7);
    assertSameRecords(byTime, stored, Number(byTime.records.readBigUInt64LE(24)), `partition ${p}, timestamp`);
    assert.ok(byTime.records.readBigUInt64LE(32) >= timestamp, 'the first record is not older than the timestamp');
    const beyond = await rawPoll(raw, p, 'offset', BigInt(sentCount), 10);
    assert.equal(beyond.count, 0, 'nothing past the last offset');
    assert.equal(beyond.records.length, 0);
    polls += 7;
  }

  // Live: a producer writes partition 0 while the raw consumer follows it with `next`, so
  // records are served while their batch may still be on its way to disk (copied from memory).
  const liveBatches = 20;
  const producer = await server.binaryClient();
  let producerFailed: unknown = null;
  const producing = sendBatches(producer, 0, liveBatches, sentCount).catch((error: unknown) => {
    producerFailed = error;
  });
  // Consumer 7 committed offsets 0..19 of partition 0 with its two `next` polls above.
  let consumed = 20;
  const liveTotal = sentCount + liveBatches * MESSAGES_PER_BATCH;
  const liveResponses: { firstOffset: number; poll: RawPoll }[] = [];
  while (consumed < liveTotal) {
    if (producerFailed !== null) throw producerFailed;
    const poll = await rawPoll(raw, 0, 'next', 0n, 250, true);
    if (poll.count > 0) {
      liveResponses.push({ firstOffset: consumed, poll });
      consumed += poll.count;
      polls += 1;
    }
  }
  await producing;
  await admin.flushUnsavedBuffer(STREAM, TOPIC, 0);
  const storedLive = await storedRecords(server.dataDir, 0);
  assert.equal(storedLive.length, liveTotal);
  for (const { firstOffset, poll } of liveResponses) assertSameRecords(poll, storedLive, firstOffset, `live poll from offset ${firstOffset}`);

  const after = await scrapeMetrics(server);
  const moved = (name: string, labels: Record<string, string> = {}): number => after.sum(name, labels) - before.sum(name, labels);
  for (const site of POLL_SITES) assert.equal(moved('iggy_data_path_copies_total', { site }), 0, `no ${site} copy`);
  assert.ok(moved('iggy_memory_pool_acquisitions_total') >= polls, 'every poll with records took a pool slot');
  assert.equal(moved('iggy_memory_pool_fallbacks_total'), 0, 'the pool always had a slot');
  assert.equal(await slotsInUseSettled(server), 0, 'every poll slot came back once written');
  assert.equal((await scrapeMetrics(server)).sum('iggy_memory_pool_returns_dropped_total'), 0, 'no slot was released twice');
});

test('shards: a poll the pool has no slot for is read into an ordinary buffer, counted, intact', { timeout: 300_000, skip: tcpPassOnly('plain TCP on purpose') }, async (t) => {
  // 512 MiB with 128 slots per bucket (the smallest pool the config accepts): the 48 MiB bucket
  // gets no slot, so a poll returning 34 MiB must fall back (memory-pool-exhaustion.test.ts).
  const server = await startTestServer({
    shardCount: 2,
    transport: 'tcp',
    env: {
      IGGY_SYSTEM_MEMORY_POOL_SIZE: '512 MiB',
      IGGY_SYSTEM_MEMORY_POOL_BUCKET_CAPACITY: '128',
      IGGY_TCP_SOCKET_MIGRATION: 'false',
      IGGY_HTTP_ENABLED: 'true',
      IGGY_HTTP_ADDRESS: '127.0.0.1:0',
    },
  });
  t.after(() => server.stop());
  const client = await server.binaryClient();
  await client.createStream(STREAM);
  await client.createTopic({ streamId: STREAM, name: TOPIC, partitionsCount: 2 });
  const small = buildMessages(10, 100, { prefix: 'small' });
  const big = buildMessages(2, 17 * 1024 * 1024, { firstIndex: 10, prefix: 'big' });
  const sent = new Map<number, typeof small>();
  for (let p = 0; p < 2; p++) {
    const messages = p === 1 ? big : small;
    await client.sendMessages({ streamId: STREAM, topicId: TOPIC, partitioning: Partitioning.partitionId(p), messages });
    sent.set(p, messages);
  }

  const before = await scrapeMetrics(server);
  for (const [p, messages] of sent) {
    const polled = await client.pollMessages({ consumer: Consumer.single(1), streamId: STREAM, topicId: TOPIC, partitionId: p, strategy: PollingStrategy.offset(0n), count: 100, autoCommit: false });
    assertPolledMatch(polled.messages, messages, { firstOffset: 0n });
  }
  const after = await scrapeMetrics(server);
  const moved = (name: string, labels: Record<string, string> = {}): number => after.sum(name, labels) - before.sum(name, labels);
  const bigBytes = big.reduce((sum, m) => sum + RECORD_HEADER_SIZE + m.payload.length, 0);
  assert.equal(moved('iggy_data_path_copies_total', { site: 'poll_to_buffer' }), 1, 'the 34 MiB poll fell back, and only it');
  assert.ok(moved('iggy_data_path_copied_bytes_total', { site: 'poll_to_buffer' }) >= bigBytes, 'its bytes are counted');
  assert.ok(moved('iggy_memory_pool_fallbacks_total') >= 1, 'the pool said no');
  assert.equal(await slotsInUseSettled(server), 0, 'no slot left lent');
  assert.equal(after.sum('iggy_memory_pool_returns_dropped_total'), 0);
});
