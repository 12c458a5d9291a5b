// recovery: a partition whose files were damaged while the server was down (log cut mid-message,
// index deleted, short or torn, interior corruption) is repaired at start and serves exactly its
// whole messages, or the server refuses to start naming the file; method: fill a 1- and a
// 3-partition topic over 64 KiB segments, SIGTERM, damage one partition of each, restart on the
// same data dir and compare every served record byte for byte with what was served before.
// The topics are filled once (one server run); each scenario damages its own copy of that data
// directory, so its restarts see exactly the files a fresh fill would have left.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy, type IggyClient } from '@iggy-node/sdk';
import { INDEX_ENTRY_SIZE, MESSAGE_HEADER_SIZE } from '@iggy-node/protocol';
import { assertPolledMatch, buildMessages } from '../../helpers/messages.js';
import { createTestDataDir, startTestServer } from '../../helpers/test-server.js';
import { assertIndexesMatchLogs, listSegments, pollRaw, walkLogRecords } from './recovery-support.js';

const STREAM_NAME = 'recovery';
const TOPICS = [
  { name: 'single', partitionsCount: 1, damagedPartitionId: 0 },
  { name: 'triple', partitionsCount: 3, damagedPartitionId: 1 },
] as const;
// 12 batches of 20 records of ~810 bytes: ~194 KiB per partition, so 64 KiB segments roll over
// twice and every partition has two sealed segments and an active one.
const BATCHES_COUNT = 12;
const BATCH_MESSAGES_COUNT = 20;
const PAYLOAD_SIZE_BYTES = 700;
const SEGMENT_SIZE = '64 KiB';
const SEGMENTS_COUNT_MIN = 3;
/** Odd poll sizes, so reads start and end at many different index entries and cross segments. */
const OFFSET_POLL_COUNT = 37;
const NEXT_POLL_COUNT = 23;

interface PartitionState {
  topicName: string;
  partitionId: number;
  /** Index of the partition across the suite, to keep every payload distinct. */
  ordinal: number;
  directory: string;
  damaged: boolean;
  /** Every record the partition serves, by offset, exactly as polled before the damage. */
  records: Buffer[];
}

interface Fixture {
  dataDir: string;
  env: Record<string, string>;
  partitions: PartitionState[];
}

/**
 * Repairs to expect: damage() changes the files of one partition and returns how many records
 * (offsets 0 … n−1) are whole before the damage.
 */
type Damage = (partition: PartitionState) => number;

/** First server run: two topics filled with batches with headers, polled back, then SIGTERM. */
async function populate(env: Record<string, string>): Promise<Fixture> {
  const server = await startTestServer({ keepDataDir: true, env });
  const partitions: PartitionState[] = [];
  try {
    const client = await server.binaryClient();
    const stream = await client.createStream(STREAM_NAME);
    for (const topicSpec of TOPICS) {
      const topic = await client.createTopic({ streamId: STREAM_NAME, name: topicSpec.name, partitionsCount: topicSpec.partitionsCount });
      for (let partitionId = 0; partitionId < topicSpec.partitionsCount; partitionId++) {
        const partition: PartitionState = {
          topicName: topicSpec.name,
          partitionId,
          ordinal: partitions.length,
          directory: join(server.dataDir, 'streams', String(stream.id), 'topics', String(topic.id), 'partitions', String(partitionId)),
          damaged: partitionId === topicSpec.damagedPartitionId,
          records: [],
        };
        const sent = [];
        for (let batch = 0; batch < BATCHES_COUNT; batch++) {
          const messages = buildMessages(BATCH_MESSAGES_COUNT, PAYLOAD_SIZE_BYTES, { firstIndex: firstIndexOf(partition, batch) });
          await client.sendMessages({ streamId: STREAM_NAME, topicId: topicSpec.name, partitioning: Partitioning.partitionId(partitionId), messages });
          sent.push(...messages);
        }
        const polled = await pollRaw(client, pollByOffset(partition, 0, sent.length));
        assertPolledMatch(polled.messages, sent, { firstOffset: 0n });
        partition.records = polled.records;
        partitions.push(partition);
      }
    }
  } finally {
    assert.equal(await server.stop('SIGTERM'), 0, 'clean exit on SIGTERM');
  }
  for (const partition of partitions) {
    assert.ok(listSegments(partition.directory).length >= SEGMENTS_COUNT_MIN, `${partition.directory}: segments rolled over`);
    assertIndexesMatchLogs(partition.directory);
  }
  return { dataDir: server.dataDir, env, partitions };
}

function firstIndexOf(partition: PartitionState, batch: number): number {
  return partition.ordinal * 1_000_000 + batch * BATCH_MESSAGES_COUNT;
}

function pollByOffset(partition: PartitionState, offset: number, count: number) {
  return {
    consumer: Consumer.single(1),
    streamId: STREAM_NAME,
    topicId: partition.topicName,
    partitionId: partition.partitionId,
    strategy: PollingStrategy.offset(offset),
    count,
    autoCommit: false,
  };
}

/** Every record from offset 0, by offset in odd-sized steps, then nothing past the end. */
async function assertServedByOffset(client: IggyClient, partition: PartitionState): Promise<void> {
  const where = `${partition.topicName}/${partition.partitionId}`;
  const expected = partition.records;
  for (let offset = 0; offset < expected.length; offset += OFFSET_POLL_COUNT) {
    const polled = await pollRaw(client, pollByOffset(partition, offset, OFFSET_POLL_COUNT));
    const want = expected.slice(offset, offset + OFFSET_POLL_COUNT);
    assert.equal(polled.records.length, want.length, `${where}: count at offset ${offset}`);
    assert.equal(polled.currentOffset, BigInt(expected.length - 1), `${where}: current offset`);
    polled.records.forEach((record, i) => assert.ok(record.equals(want[i]!), `${where}: record at offset ${offset + i} differs`));
  }
  const beyond = await pollRaw(client, pollByOffset(partition, expected.length, OFFSET_POLL_COUNT));
  assert.equal(beyond.records.length, 0, `${where}: nothing is served past offset ${expected.length - 1}`);
}

/** A fresh consumer with `next` and auto-commit sees every record once, in order, then nothing. */
async function assertServedByNext(client: IggyClient, partition: PartitionState, consumerName: string): Promise<void> {
  const where = `${partition.topicName}/${partition.partitionId}`;
  const seen: Buffer[] = [];
  for (;;) {
    const polled = await pollRaw(client, {
      ...pollByOffset(partition, 0, NEXT_POLL_COUNT),
      consumer: Consumer.single(consumerName),
      strategy: PollingStrategy.next(),
      autoCommit: true,
    });
    if (polled.records.length === 0) break;
    seen.push(...polled.records);
    assert.ok(seen.length <= partition.records.length, `${where}: next served more records than exist`);
  }
  assert.equal(seen.length, partition.records.length, `${where}: next served every record`);
  seen.forEach((record, offset) => assert.ok(record.equals(partition.records[offset]!), `${where}: next: record at offset ${offset} differs`));
}

/** Sends one batch and checks it lands right after the last served offset. */
async function appendBatch(client: IggyClient, partition: PartitionState): Promise<void> {
  const firstOffset = partition.records.length;
  const messages = buildMessages(BATCH_MESSAGES_COUNT, PAYLOAD_SIZE_BYTES, { firstIndex: firstIndexOf(partition, 500) });
  await client.sendMessages({ streamId: STREAM_NAME, topicId: partition.topicName, partitioning: Partitioning.partitionId(partition.partitionId), messages });
  const polled = await pollRaw(client, pollByOffset(partition, firstOffset, BATCH_MESSAGES_COUNT + 1));
  assertPolledMatch(polled.messages, messages, { firstOffset: BigInt(firstOffset) });
  partition.records.push(...polled.records);
}

/**
 * Damages the files, restarts, and checks: the server starts; each partition serves exactly its
 * whole records byte for byte (by offset and with `next`); the next send continues at the last
 * whole offset + 1; every index matches its log on disk; and a further restart serves the same.
 */
async function damageAndCheckRecovery(fixture: Fixture, damage: Damage): Promise<void> {
  for (const partition of fixture.partitions) {
    if (!partition.damaged) continue;
    const survivors = damage(partition);
    partition.records = partition.records.slice(0, survivors);
  }

  const server = await startTestServer({ dataDir: fixture.dataDir, env: fixture.env });
  try {
    const client = await server.binaryClient();
    for (const partition of fixture.partitions) {
      await assertServedByOffset(client, partition);
      await assertServedByNext(client, partition, 'after-repair');
      await appendBatch(client, partition);
    }
  } finally {
    assert.equal(await server.stop('SIGTERM'), 0, 'clean exit on SIGTERM');
  }
  for (const partition of fixture.partitions) assertIndexesMatchLogs(partition.directory);

  const again = await startTestServer({ dataDir: fixture.dataDir, env: fixture.env });
  try {
    const client = await again.binaryClient();
    for (const partition of fixture.partitions) await assertServedByOffset(client, partition);
  } finally {
    assert.equal(await again.stop('SIGTERM'), 0, 'clean exit on SIGTERM');
  }
}

let populated: Promise<Fixture> | null = null;
after(async () => {
  if (populated) rmSync((await populated).dataDir, { recursive: true, force: true });
});

/**
 * A copy of the data directory filled (once per file) by populate() and stopped with SIGTERM,
 * with its partitions' records; the scenario may damage and restart it as it likes.
 */
async function populatedCopy(t: { after(fn: () => unknown): void }, env: Record<string, string>): Promise<Fixture> {
  populated ??= populate({ IGGY_SYSTEM_SEGMENT_SIZE: SEGMENT_SIZE });
  const original = await populated;
  const dataDir = createTestDataDir();
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  cpSync(original.dataDir, dataDir, { recursive: true });
  const partitions = original.partitions.map((partition) => ({
    ...partition,
    directory: join(dataDir, partition.directory.slice(original.dataDir.length)),
    records: [...partition.records],
  }));
  return { dataDir, env: { ...original.env, ...env }, partitions };
}

async function runScenario(t: { after(fn: () => unknown): void }, damage: Damage): Promise<void> {
  await damageAndCheckRecovery(await populatedCopy(t, {}), damage);
}

/** Start position of record `entry` in its segment's log. */
function recordStart(logPath: string, entry: number): number {
  return entry === 0 ? 0 : walkLogRecords(logPath)[entry - 1]!.end;
}

function activeSegment(partition: PartitionState) {
  return listSegments(partition.directory).at(-1)!;
}

function firstSealedSegment(partition: PartitionState) {
  const segments = listSegments(partition.directory);
  assert.ok(segments.length >= 2);
  return segments[0]!;
}

function cutIndexEntries(indexPath: string, entriesCount: number, extraBytes = 0): void {
  const sizeBytes = readFileSync(indexPath).length;
  assert.ok(sizeBytes >= (entriesCount + 1) * INDEX_ENTRY_SIZE, `${indexPath} holds enough entries to cut`);
  truncateSync(indexPath, sizeBytes - entriesCount * INDEX_ENTRY_SIZE - extraBytes);
}

test('a log truncated mid-message loses that message and the ones after it, nothing else', async (t) => {
  await runScenario(t, (partition) => {
    const segment = activeSegment(partition);
    const records = walkLogRecords(segment.logPath);
    // Cut the third record from the end (inside its payload in one topic, inside its 64-byte
    // header in the other): it and the two after it go.
    const victim = records.length - 3;
    assert.ok(victim > 0);
    const cutInRecord = partition.topicName === 'single' ? MESSAGE_HEADER_SIZE + 100 : 30;
    truncateSync(segment.logPath, recordStart(segment.logPath, victim) + cutInRecord);
    // What the server does: the cut record and those after it are gone, so the next send gets
    // the cut record's offset again. Those offsets had been acknowledged, but this is disk
    // corruption behind the server's back (not a crash of the server), and the files no longer
    // hold anything about them: the partition continues at last whole offset + 1.
    return segment.startOffset + victim;
  });
});

test('deleted index files are rebuilt from the logs', async (t) => {
  await runScenario(t, (partition) => {
    for (const segment of listSegments(partition.directory)) unlinkSync(segment.indexPath);
    return partition.records.length;
  });
});

test('an index shorter than its log is extended from the log', async (t) => {
  await runScenario(t, (partition) => {
    cutIndexEntries(activeSegment(partition).indexPath, 3);
    cutIndexEntries(firstSealedSegment(partition).indexPath, 5);
    return partition.records.length;
  });
});

test('a torn index entry (index length not a multiple of 16) is cut and rebuilt', async (t) => {
  await runScenario(t, (partition) => {
    cutIndexEntries(activeSegment(partition).indexPath, 0, 7);
    cutIndexEntries(firstSealedSegment(partition).indexPath, 1, 9);
    return partition.records.length;
  });
});

test('interior corruption with validate_checksum makes the server refuse to start, naming the file', async (t) => {
  const fixture = await populatedCopy(t, { IGGY_SYSTEM_PARTITION_VALIDATE_CHECKSUM: 'true' });
  const env = fixture.env;
  const partition = fixture.partitions.find((p) => p.damaged)!;
  const segment = firstSealedSegment(partition);
  const records = walkLogRecords(segment.logPath);
  const victim = Math.floor(records.length / 2);
  const log = readFileSync(segment.logPath);
  const flipAt = recordStart(segment.logPath, victim) + MESSAGE_HEADER_SIZE + 50;
  for (let at = flipAt; at < flipAt + 4; at++) log[at] = log[at]! ^ 0xff;
  writeFileSync(segment.logPath, log);

  // A server that starts after all is stopped, so the failure is reported at once, not at the file's timeout.
  const start = startTestServer({ dataDir: fixture.dataDir, env }).then(async (server) => void (await server.stop()));
  await assert.rejects(start, (error: Error) => {
    assert.match(error.message, /exited with code [1-9]/, 'the server exits with an error');
    assert.ok(error.message.includes(segment.logPath), `the output names ${segment.logPath}:\n${error.message.slice(0, 4000)}`);
    return true;
  });
  // Refusing must not "repair" by cutting the good records after the damage.
  assert.ok(readFileSync(segment.logPath).equals(log), 'the damaged log is left as it was');
});
