// system.segment.archive_expired: segments the retention cleaner removes (message expiry or
// topic max size) are first copied with their index to [system.backup] path, or to an
// S3-compatible bucket ([system.backup.s3]), and verified; the archive holds them
// byte-identical. With S3 down the segments are kept and retried until the upload works.
// Method: fill topics without limits, read the sealed segment files, then set the limits with
// UpdateTopic so the cleaner (200 ms interval) removes them; bounded waits, no timing asserts.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy, type IggyClient } from '@iggy-node/sdk';
import { buildMessages } from '../../helpers/messages.js';
import { S3_TEST_ACCESS_KEY_ID, S3_TEST_SECRET_ACCESS_KEY, startS3TestServer } from '../../helpers/s3-test-server.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

const SEGMENT_BYTES = 16 * 1024;
const STREAM = 'archive';

function cleanerEnv(extra: Record<string, string>): Record<string, string> {
  return {
    IGGY_SYSTEM_SEGMENT_SIZE: '16 KiB',
    IGGY_DATA_MAINTENANCE_MESSAGES_CLEANER_ENABLED: 'true',
    IGGY_DATA_MAINTENANCE_MESSAGES_INTERVAL: '200 ms',
    IGGY_SYSTEM_SEGMENT_ARCHIVE_EXPIRED: 'true',
    ...extra,
  };
}

async function fill(client: IggyClient, topic: string, batches: number): Promise<void> {
  await client.createTopic({ streamId: STREAM, name: topic, partitionsCount: 1 });
  for (let b = 0; b < batches; b++) {
    const messages = buildMessages(10, 500, { firstIndex: b * 10, prefix: topic });
    await client.sendMessages({ streamId: STREAM, topicId: topic, partitioning: Partitioning.partitionId(0), messages });
  }
  await client.flushUnsavedBuffer(STREAM, topic, 0, true);
}

/** `{relative key without extension → {log, index}}` of every sealed segment of the topic's partition 0. */
async function sealedSegments(server: TestServer, client: IggyClient, topic: string): Promise<Map<string, { log: Buffer; index: Buffer }>> {
  const stream = (await client.getStream(STREAM))!;
  const topicId = (await client.getTopic(STREAM, topic))!.id;
  const directory = join(server.dataDir, 'streams', String(stream.id), 'topics', String(topicId), 'partitions', '0');
  const logs = readdirSync(directory).filter((name) => name.endsWith('.log')).sort();
  const segments = new Map<string, { log: Buffer; index: Buffer }>();
  for (const name of logs.slice(0, -1)) {
    const base = name.slice(0, -'.log'.length);
    const key = relative(server.dataDir, join(directory, base)).split('\\').join('/');
    segments.set(key, { log: readFileSync(join(directory, name)), index: readFileSync(join(directory, `${base}.index`)) });
  }
  return segments;
}

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function segmentsCount(client: IggyClient, topic: string): Promise<number> {
  return (await client.getTopic(STREAM, topic))!.partitions[0]!.segmentsCount;
}

async function firstOffset(client: IggyClient, topic: string): Promise<bigint> {
  const polled = await client.pollMessages({ consumer: Consumer.single(1), streamId: STREAM, topicId: topic, partitionId: 0, strategy: PollingStrategy.first(), count: 1, autoCommit: false });
  return polled.messages[0]!.offset;
}

test('archiving to disk: expired and oversize segments are in the backup directory byte-identical', { timeout: 120_000 }, async (t) => {
  const backup = mkdtempSync(join(tmpdir(), 'iggy-backup-'));
  t.after(() => rmSync(backup, { recursive: true, force: true }));
  const server = await startTestServer({ env: cleanerEnv({ IGGY_SYSTEM_BACKUP_PATH: backup }) });
  t.after(() => server.stop());
  const client = await server.binaryClient();
  await client.createStream(STREAM);
  await fill(client, 'expiring', 30);
  await fill(client, 'capped', 30);
  const expiring = await sealedSegments(server, client, 'expiring');
  const capped = await sealedSegments(server, client, 'capped');
  assert.ok(expiring.size >= 4 && capped.size >= 4, 'several sealed segments each');

  await client.updateTopic({ streamId: STREAM, topicId: 'expiring', name: 'expiring', messageExpiryMicros: 1_000_000n });
  await client.updateTopic({ streamId: STREAM, topicId: 'capped', name: 'capped', maxTopicSizeBytes: BigInt(3 * SEGMENT_BYTES) });
  await waitFor('expired segments to go', async () => (await segmentsCount(client, 'expiring')) === 1);
  await waitFor('the capped topic to shrink', async () => (await client.getTopic(STREAM, 'capped'))!.sizeBytes < BigInt(Math.floor((3 * SEGMENT_BYTES * 9) / 10)));
  assert.ok((await firstOffset(client, 'capped')) > 0n, 'capped lost its oldest segments');

  let archivedCapped = 0;
  for (const [topic, segments] of [['expiring', expiring], ['capped', capped]] as const) {
    for (const [key, bytes] of segments) {
      const logPath = join(server.dataDir, `${key}.log`);
      if (existsSync(logPath)) continue; // still in the partition (capped keeps some)
      assert.ok(readFileSync(join(backup, `${key}.log`)).equals(bytes.log), `${topic} ${key}.log archived byte-identical`);
      assert.ok(readFileSync(join(backup, `${key}.index`)).equals(bytes.index), `${topic} ${key}.index archived byte-identical`);
      if (topic === 'capped') archivedCapped++;
    }
  }
  assert.ok(archivedCapped > 0, 'oversize segments were archived');
  assert.ok(!readdirSync(backup, { recursive: true }).some((name) => String(name).endsWith('.partial')), 'no partial copies left');
});

test('archiving to S3: segments are uploaded byte-identical; with S3 down they are kept and retried', { timeout: 120_000 }, async (t) => {
  // Reserve a port for S3, then take S3 down: the server starts against a dead endpoint.
  const probe = await startS3TestServer();
  const port = probe.port;
  await probe.stop();

  const server = await startTestServer({
    env: cleanerEnv({
      IGGY_SYSTEM_BACKUP_S3_ENABLED: 'true',
      IGGY_SYSTEM_BACKUP_S3_ENDPOINT: `http://127.0.0.1:${port}`,
      IGGY_SYSTEM_BACKUP_S3_BUCKET: 'iggy-archive',
      IGGY_SYSTEM_BACKUP_S3_KEY_PREFIX: 'node-test/',
      IGGY_SYSTEM_BACKUP_S3_ACCESS_KEY_ID: S3_TEST_ACCESS_KEY_ID,
      IGGY_SYSTEM_BACKUP_S3_SECRET_ACCESS_KEY: S3_TEST_SECRET_ACCESS_KEY,
    }),
  });
  t.after(() => server.stop());
  const client = await server.binaryClient();
  await client.createStream(STREAM);
  await fill(client, 'expiring', 30);
  const segments = await sealedSegments(server, client, 'expiring');
  const before = await segmentsCount(client, 'expiring');
  await client.updateTopic({ streamId: STREAM, topicId: 'expiring', name: 'expiring', messageExpiryMicros: 1_000_000n });

  // S3 down: several failed rounds, and nothing deleted.
  await waitFor('two failed archive attempts', () => server.stdout().split('archiving a segment failed').length > 2);
  assert.equal(await segmentsCount(client, 'expiring'), before, 'no segment deleted while S3 is down');
  assert.equal(await firstOffset(client, 'expiring'), 0n, 'the oldest message is still there');

  const s3 = await startS3TestServer({ port });
  t.after(() => s3.stop());
  await waitFor('expired segments to go once S3 is back', async () => (await segmentsCount(client, 'expiring')) === 1);
  for (const [key, bytes] of segments) {
    assert.ok((await s3.getObject(`node-test/${key}.log`))?.equals(bytes.log), `${key}.log uploaded byte-identical`);
    assert.ok((await s3.getObject(`node-test/${key}.index`))?.equals(bytes.index), `${key}.index uploaded byte-identical`);
  }
  assert.equal((await s3.listKeys('node-test/')).length, segments.size * 2);
  assert.ok(server.stdout().includes('segment archived'));
});
