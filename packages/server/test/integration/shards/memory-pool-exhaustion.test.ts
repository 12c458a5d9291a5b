// Goal: when the memory pool has no slot for a batch that must cross to another shard, the batch
// is copied into an ordinary buffer and arrives intact (sharding.md §9: a full pool degrades to
// plain allocation, it never drops or truncates data). The default 4 GiB pool is never exhausted
// in a test, so the fallback path ran untested. Method: two shards, socket migration off (every
// send to a partition of the other shard is forwarded), the smallest pool the config accepts
// (512 MiB, 128 slots per bucket: Iggy's validation refuses less), whose 48 MiB bucket gets no
// slot, so a 34 MiB batch always falls back. Small batches to partitions in turn find (by the
// forwarded counter) one owned by the other shard; a 34 MiB batch and a small one follow there; every
// message is polled back and compared, and the fallback counter proves the path ran.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { parse as parseToml } from 'smol-toml';
import { assertPolledMatch, buildMessages } from '../../helpers/messages.js';
import { startTestServer, type HarnessClient, type TestServer } from '../../helpers/test-server.js';

/** Enough partitions that both shards own some, whichever shard the connection lands on. */
const PARTITIONS_COUNT = 16;
/** Two 17 MiB messages: a 34 MiB batch, above the largest bucket (32 MiB) that gets slots in a 512 MiB pool. */
const BIG_BATCH = { messagesCount: 2, payloadSizeBytes: 17 * 1024 * 1024 };
const SMALL_BATCH = { messagesCount: 10, payloadSizeBytes: 100 };

async function scrapeCounter(server: TestServer, name: string): Promise<number> {
  const runtime = parseToml(await readFile(path.join(server.dataDir, 'runtime', 'current_config.toml'), 'utf8')) as { http: { address: string } };
  const response = await fetch(`http://${runtime.http.address}/metrics`);
  assert.equal(response.status, 200);
  let total = 0;
  for (const line of (await response.text()).split('\n')) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) total += Number(line.split(' ').pop());
  return total;
}

describe('memory pool exhausted: forwarded batches fall back to a copy', () => {
  let server: TestServer;
  let client: HarnessClient;

  before(async () => {
    server = await startTestServer({
      shardCount: 2,
      env: {
        IGGY_SYSTEM_MEMORY_POOL_SIZE: '512 MiB',
        IGGY_SYSTEM_MEMORY_POOL_BUCKET_CAPACITY: '128',
        IGGY_TCP_SOCKET_MIGRATION: 'false',
        IGGY_HTTP_ENABLED: 'true',
        IGGY_HTTP_ADDRESS: '127.0.0.1:0',
        // The 34 MiB batch as an HTTP send body (base64 JSON) in the matrix's http pass.
        IGGY_HTTP_MAX_REQUEST_SIZE: '64 MiB',
      },
    });
    client = await server.client();
  });
  after(() => server.stop());

  it('every message of every partition arrives intact', async () => {
    await client.createStream('pool');
    await client.createTopic({ streamId: 'pool', name: 'tiny', partitionsCount: PARTITIONS_COUNT });
    // A small batch to each partition; the forwarded counter tells which partitions live on the
    // other shard. The big batch goes to one of those only (34 MiB is costly on a shared machine).
    const sent = new Map<number, ReturnType<typeof buildMessages>>();
    const remote: number[] = [];
    for (let partitionId = 0; partitionId < PARTITIONS_COUNT && remote.length === 0; partitionId++) {
      const small = buildMessages(SMALL_BATCH.messagesCount, SMALL_BATCH.payloadSizeBytes, { prefix: `p${partitionId}` });
      const forwardedBefore = await scrapeCounter(server, 'iggy_requests_forwarded_total');
      await client.sendMessages({ streamId: 'pool', topicId: 'tiny', partitioning: Partitioning.partitionId(partitionId), messages: small });
      if ((await scrapeCounter(server, 'iggy_requests_forwarded_total')) > forwardedBefore) remote.push(partitionId);
      sent.set(partitionId, small);
    }
    assert.ok(remote.length > 0, 'some partition lives on the shard the connection is not on');
    const target = remote[0]!;
    const fallbacksBefore = await scrapeCounter(server, 'iggy_memory_pool_fallbacks_total');
    const big = buildMessages(BIG_BATCH.messagesCount, BIG_BATCH.payloadSizeBytes, { firstIndex: SMALL_BATCH.messagesCount, prefix: `p${target}` });
    const after = buildMessages(SMALL_BATCH.messagesCount, SMALL_BATCH.payloadSizeBytes, { firstIndex: SMALL_BATCH.messagesCount + big.length, prefix: `p${target}` });
    for (const batch of [big, after]) {
      await client.sendMessages({ streamId: 'pool', topicId: 'tiny', partitioning: Partitioning.partitionId(target), messages: batch });
    }
    sent.set(target, [...sent.get(target)!, ...big, ...after]);
    assert.ok((await scrapeCounter(server, 'iggy_memory_pool_fallbacks_total')) > fallbacksBefore, 'the pool had no slot for the big batch');
    for (const [partitionId, messages] of sent) {
      const polled = await client.pollMessages({
        consumer: Consumer.single(1),
        streamId: 'pool',
        topicId: 'tiny',
        partitionId,
        strategy: PollingStrategy.offset(0n),
        count: messages.length + 1,
        autoCommit: false,
      });
      assertPolledMatch(polled.messages, messages, { firstOffset: 0n });
    }
  });
});
