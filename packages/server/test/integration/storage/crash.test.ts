// crash: SIGKILL the server while producers send; after a restart every acknowledged message is
// present and intact, nothing unacknowledged is half-present, and no offset is handed out twice.
// Runs with the default ack level (written to the kernel) and with enforce_fsync. Method: each
// producer sends numbered batches to its own partition and records which were acknowledged;
// after the crash the partition must hold every acknowledged batch byte-identical at consecutive
// offsets, followed by at most a prefix of the one batch in flight at the kill (a write cut by
// SIGKILL can leave some of its whole records; batches are not atomic across a crash, and they
// were never acknowledged).
// SIGKILL keeps the page cache, so this test passes with or without fsync: that enforce_fsync
// really syncs before the acknowledgement is checked by fsync-before-ack.test (a syscall trace).
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { test } from 'node:test';
import { Consumer, IggyClient, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { buildMessages, buildPayload } from '../../helpers/messages.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

const PRODUCERS_COUNT = 2;
const BATCH_MESSAGES_COUNT = 100;
const MESSAGE_SIZE_BYTES = 512;
/** Kill once every producer has this many acknowledged batches (bounded, no sleeps). */
const ACKED_BATCHES_BEFORE_KILL = 40;

async function producer(server: TestServer, partitionId: number, acked: number[], stop: { value: boolean }): Promise<void> {
  const client = new IggyClient({
    host: server.host,
    port: server.port,
    credentials: { username: 'iggy', password: 'iggy' },
    reconnect: { enabled: false, retries: 0, intervalMs: 0 },
    heartbeatIntervalMs: 0,
  });
  await client.connect();
  try {
    for (let batch = 0; !stop.value; batch++) {
      await client.sendMessages({
        streamId: 'crash',
        topicId: 'events',
        partitioning: Partitioning.partitionId(partitionId),
        messages: buildMessages(BATCH_MESSAGES_COUNT, MESSAGE_SIZE_BYTES, { firstIndex: batch * BATCH_MESSAGES_COUNT, prefix: `p${partitionId}` }),
      });
      acked[partitionId] = batch + 1;
    }
  } catch {
    // The kill cuts the connection: the batch in flight is unacknowledged.
  } finally {
    await client.close().catch(() => undefined);
  }
}

async function crashAndVerify(env: Record<string, string>): Promise<void> {
  const first = await startTestServer({ keepDataDir: true, env });
  let server = first;
  try {
    const admin = await first.client();
    await admin.createStream('crash');
    await admin.createTopic({ streamId: 'crash', name: 'events', partitionsCount: PRODUCERS_COUNT });
    const acked = new Array<number>(PRODUCERS_COUNT).fill(0);
    const stop = { value: false };
    const producers = Array.from({ length: PRODUCERS_COUNT }, (_, p) => producer(first, p, acked, stop));
    const deadline = Date.now() + 60_000;
    while (acked.some((count) => count < ACKED_BATCHES_BEFORE_KILL) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await first.kill();
    stop.value = true;
    await Promise.all(producers);
    const ackedAtKill = [...acked];
    assert.ok(ackedAtKill.every((count) => count >= ACKED_BATCHES_BEFORE_KILL), `producers acked ${ackedAtKill}`);

    server = await startTestServer({ dataDir: first.dataDir, env });
    const client = await server.client();
    for (let partitionId = 0; partitionId < PRODUCERS_COUNT; partitionId++) {
      let offset = 0;
      for (;;) {
        const polled = await client.pollMessages({
          consumer: Consumer.single(1),
          streamId: 'crash',
          topicId: 'events',
          partitionId,
          strategy: PollingStrategy.offset(offset),
          count: 1000,
          autoCommit: false,
        });
        if (polled.count === 0) break;
        for (const message of polled.messages) {
          assert.equal(message.offset, BigInt(offset), `partition ${partitionId}: offsets must be consecutive`);
          assert.ok(
            message.payload.equals(buildPayload(offset, MESSAGE_SIZE_BYTES, `p${partitionId}`)),
            `partition ${partitionId} offset ${offset}: payload is not the message sent there`,
          );
          offset++;
        }
      }
      const acknowledged = ackedAtKill[partitionId]! * BATCH_MESSAGES_COUNT;
      assert.ok(offset >= acknowledged, `partition ${partitionId}: ${acknowledged - offset} acknowledged messages lost`);
      // Beyond that, only (a prefix of) the one batch in flight at the kill; each message was
      // checked above to be exactly the one sent at its offset.
      assert.ok(offset <= acknowledged + BATCH_MESSAGES_COUNT, `partition ${partitionId}: ${offset - acknowledged} messages beyond the acknowledged ones`);

      // The next send continues after what survived: no offset handed out twice.
      await client.sendMessages({
        streamId: 'crash',
        topicId: 'events',
        partitioning: Partitioning.partitionId(partitionId),
        messages: buildMessages(5, 64, { prefix: 'after' }),
      });
      const after = await client.pollMessages({
        consumer: Consumer.single(1),
        streamId: 'crash',
        topicId: 'events',
        partitionId,
        strategy: PollingStrategy.offset(offset),
        count: 10,
        autoCommit: false,
      });
      assert.deepEqual(
        after.messages.map((m) => m.offset),
        [0, 1, 2, 3, 4].map((i) => BigInt(offset + i)),
      );
    }
  } finally {
    await server.stop();
    await rm(first.dataDir, { recursive: true, force: true });
  }
}

test('crash: SIGKILL while producing keeps every acknowledged message (ack = written to the kernel)', { timeout: 180_000 }, async () => {
  await crashAndVerify({});
});

test('crash: SIGKILL while producing keeps every acknowledged message (enforce_fsync = true)', { timeout: 180_000 }, async () => {
  await crashAndVerify({ IGGY_SYSTEM_PARTITION_ENFORCE_FSYNC: 'true' });
});
