// restart under traffic (issue 13, item 3): clients that keep connecting while a two-shard server
// restarts on a fixed port are never dropped by the server. Before the fix the shard that loaded
// first answered pings and logins while the other was still opening its partitions, and a
// connection that had to move there (socket migration) was closed without a reply. Method: shard
// 1's partitions hold thousands of tiny segments so it loads slowly; probes connect, log in, send
// to a shard-1 partition (which moves the connection) and ping, across a kill -9 and restart; a
// refused connect is fine (no server), an error after the server accepted the connection is not.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { test } from 'node:test';
import { IggyClient, Partitioning } from '@iggy-node/sdk';
import { partitionKey, partitionOwnerShard } from '../../../src/bus/namespace.js';
import { buildMessages } from '../../helpers/messages.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

const SHARDS = 2;
const PARTITIONS_COUNT = 8;
/** Each send becomes its own segment (512 B segments): shard 1 then has this many to open. */
const SLOW_SEGMENTS_COUNT = 3000;
const PROBES_COUNT = 16;
/** Each probe must complete this many full round trips after the restart before we stop. */
const ROUNDS_AFTER_START = 3;

interface ProbeTally {
  refused: number;
  completed: number;
  dropped: string[];
}

async function probeOnce(port: number, partitionId: number, tally: ProbeTally): Promise<void> {
  const client = new IggyClient({
    host: '127.0.0.1',
    port,
    credentials: { username: 'iggy', password: 'iggy' },
    reconnect: { enabled: false, retries: 0, intervalMs: 0 },
    heartbeatIntervalMs: 0,
    requestTimeoutMs: 60_000,
  });
  let stage = 'connect';
  try {
    await client.connect();
    stage = 'send';
    await client.sendMessages({ streamId: 'restart', topicId: 'slow', partitioning: Partitioning.partitionId(partitionId), messages: buildMessages(1, 16) });
    stage = 'ping';
    await client.ping();
    tally.completed++;
  } catch (error) {
    const text = String((error as Error).message ?? error);
    // Nothing listening (killed, or not yet bound): the client caused nothing, nor did we.
    if (stage === 'connect' && /ECONNREFUSED|ECONNRESET|EPIPE|closed|socket hang up/i.test(text)) tally.refused++;
    else tally.dropped.push(`${stage}: ${text}`);
  } finally {
    await client.close().catch(() => undefined);
  }
}

test('restart under traffic: no connection is dropped while shards are still starting', { timeout: 300_000 }, async () => {
  const env = { IGGY_SYSTEM_SEGMENT_SIZE: '512B' };
  let server: TestServer = await startTestServer({ shardCount: SHARDS, keepDataDir: true, env });
  try {
    const admin = await server.client();
    const stream = await admin.createStream('restart');
    const topic = await admin.createTopic({ streamId: 'restart', name: 'slow', partitionsCount: PARTITIONS_COUNT });
    const streamId = Number((stream as { id: number }).id);
    const topicId = Number((topic as { id: number }).id);
    const onShard1 = Array.from({ length: PARTITIONS_COUNT }, (_, p) => p).filter((p) => partitionOwnerShard(partitionKey(streamId, topicId, p), SHARDS) === 1);
    assert.ok(onShard1.length > 0, 'some partition lives on shard 1');
    for (let i = 0; i < SLOW_SEGMENTS_COUNT; i++) {
      await admin.sendMessages({ streamId: 'restart', topicId: 'slow', partitioning: Partitioning.partitionId(onShard1[i % onShard1.length]!), messages: buildMessages(1, 600) });
    }
    const port = server.port;
    await server.kill();

    const tally: ProbeTally = { refused: 0, completed: 0, dropped: [] };
    let started = false;
    let roundsAfterStart = 0;
    const probes = Array.from({ length: PROBES_COUNT }, async (_, i) => {
      let mine = 0;
      while (mine < ROUNDS_AFTER_START) {
        await probeOnce(port, onShard1[i % onShard1.length]!, tally);
        if (started) mine++;
      }
      roundsAfterStart += mine;
    });
    server = await startTestServer({ shardCount: SHARDS, keepDataDir: true, dataDir: server.dataDir, env: { ...env, IGGY_TCP_ADDRESS: `127.0.0.1:${port}` } });
    started = true;
    await Promise.all(probes);
    assert.deepEqual(tally.dropped, [], `connections dropped by the server during start-up (${tally.completed} completed, ${tally.refused} refused)`);
    assert.ok(roundsAfterStart >= PROBES_COUNT * ROUNDS_AFTER_START);
  } finally {
    await server.stop();
    await rm(server.dataDir, { recursive: true, force: true });
  }
});
