// shards: the zero-copy data path (issue 14). With two shards and socket migration on, batches
// large enough for a pool slot are sent from eight connections to eight partitions spread over
// both shards: some are forwarded to the other shard, some travel over connections that moved.
// Every record on disk must carry exactly the id and payload the client sent (read back from
// the segment .log files, not through the server), and the copy counters of /metrics must show
// that no pool-slot batch was copied on its way: not when forwarded, not when a connection
// moved, and not out of the socket (only a connection's first batch, whose start shares a read
// with earlier bytes, may be). Checksums are stamped in place in the slot (the pool is the XXH3
// kernel's shared WebAssembly memory), so checksum_staging stays 0 too, and every record's
// checksum on disk is checked against @node-rs/xxhash.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { xxh3_64Napi } from '@iggy-node/protocol';
import { Partitioning, type IggyClient } from '@iggy-node/sdk';
import { buildMessages, buildPayload } from '../../helpers/messages.js';
import { scrapeMetrics } from '../../helpers/scrape-metrics.js';
import { startTestServer } from '../../helpers/test-server.js';
import { tcpPassOnly } from '../../helpers/test-transport.js';

const PARTITIONS_COUNT = 8;
const CLIENTS_COUNT = 8;
const BATCHES_PER_CLIENT = 16;
/** 100 × 1000 B ≈ 106 KB per request: above POOLED_PAYLOAD_BYTES_MIN (64 KiB), so it goes in a slot. */
const MESSAGES_PER_BATCH = 100;
const PAYLOAD_SIZE_BYTES = 1000;
const RECORD_HEADER_SIZE = 64;

interface StoredRecord {
  id: bigint;
  /** The checksum field as stored, and XXH3-64 of the record's bytes [8, size) recomputed. */
  checksum: bigint;
  expectedChecksum: bigint;
  payload: Buffer;
  userHeadersLength: number;
}

async function readPartitionRecords(dataDir: string, partitionId: number): Promise<StoredRecord[]> {
  const dir = join(dataDir, 'streams', '0', 'topics', '0', 'partitions', String(partitionId));
  const logs = (await readdir(dir)).filter((name) => name.endsWith('.log')).sort();
  const records: StoredRecord[] = [];
  for (const name of logs) {
    const data = await readFile(join(dir, name));
    let at = 0;
    while (at < data.length) {
      const headersLength = data.readUInt32LE(at + 48);
      const payloadLength = data.readUInt32LE(at + 52);
      const size = RECORD_HEADER_SIZE + payloadLength + headersLength;
      assert.ok(at + size <= data.length, `${name}: record at ${at} runs past the file`);
      const id = data.readBigUInt64LE(at + 8) | (data.readBigUInt64LE(at + 16) << 64n);
      const checksum = data.readBigUInt64LE(at);
      const expectedChecksum = xxh3_64Napi(data.subarray(at + 8, at + size));
      records.push({ id, checksum, expectedChecksum, payload: data.subarray(at + RECORD_HEADER_SIZE, at + RECORD_HEADER_SIZE + payloadLength), userHeadersLength: headersLength });
      at += size;
    }
  }
  return records;
}

/** Message `index` of partition p has id `p * 1e6 + index + 1` and buildPayload(index, ·, `p<p>`). */
async function sendBatches(client: IggyClient, firstPartition: number, next: number[]): Promise<void> {
  for (let b = 0; b < BATCHES_PER_CLIENT; b++) {
    const p = (firstPartition + b) % PARTITIONS_COUNT;
    const first = next[p]!;
    next[p]! += MESSAGES_PER_BATCH;
    const messages = buildMessages(MESSAGES_PER_BATCH, PAYLOAD_SIZE_BYTES, { firstIndex: first, prefix: `p${p}`, withHeaders: false });
    messages.forEach((message, i) => (message.id = BigInt(p * 1_000_000 + first + i + 1)));
    await client.sendMessages({ streamId: 'zero-copy', topicId: 'batches', partitioning: Partitioning.partitionId(p), messages });
  }
}

test('shards: forwarded and migrated pool-slot batches land byte-identical, with no copy counted', { timeout: 300_000, skip: tcpPassOnly('plain TCP on purpose') }, async (t) => {
  // Plain TCP on purpose, whatever the transport matrix runs: reads into pool slots and socket
  // migration are what this test checks, and only plain TCP has them.
  const server = await startTestServer({
    shardCount: 2,
    transport: 'tcp',
    env: { IGGY_HTTP_ENABLED: 'true', IGGY_HTTP_ADDRESS: '127.0.0.1:0', IGGY_TCP_SOCKET_MIGRATION: 'true' },
  });
  t.after(() => server.stop());
  const admin = await server.binaryClient();
  await admin.createStream('zero-copy');
  await admin.createTopic({ streamId: 'zero-copy', name: 'batches', partitionsCount: PARTITIONS_COUNT });
  const before = await scrapeMetrics(server);

  // Client i starts at partition i: whichever shard it lands on, about half move after their
  // first batch, and every client later sends to partitions of the other shard (forwarded).
  const next = new Array<number>(PARTITIONS_COUNT).fill(0);
  // No heartbeats: a ping sent while a batch is in flight shares a read with the next batch's
  // start (a counted, legitimate copy), and how many happen depends on how long a loaded
  // machine takes, which made the count below vary between runs.
  const clients = await Promise.all(Array.from({ length: CLIENTS_COUNT }, () => server.binaryClient({ heartbeatIntervalMs: 0 })));
  await Promise.all(clients.map((client, i) => sendBatches(client, i, next)));
  for (let p = 0; p < PARTITIONS_COUNT; p++) await admin.flushUnsavedBuffer('zero-copy', 'batches', p);

  let recordsBytes = 0;
  for (let p = 0; p < PARTITIONS_COUNT; p++) {
    const records = await readPartitionRecords(server.dataDir, p);
    assert.equal(records.length, next[p], `partition ${p}: every message stored once`);
    const seen = new Set<bigint>();
    for (const record of records) {
      const index = Number(record.id) - p * 1_000_000 - 1;
      assert.ok(index >= 0 && index < next[p]! && !seen.has(record.id), `partition ${p}: unexpected id ${record.id}`);
      seen.add(record.id);
      assert.equal(record.userHeadersLength, 0);
      assert.equal(record.checksum, record.expectedChecksum, `partition ${p}: message ${index} checksum`);
      assert.ok(record.payload.equals(buildPayload(index, PAYLOAD_SIZE_BYTES, `p${p}`)), `partition ${p}: message ${index} differs on disk`);
      recordsBytes += RECORD_HEADER_SIZE + PAYLOAD_SIZE_BYTES;
    }
  }

  const after = await scrapeMetrics(server);
  const moved = (name: string, labels: Record<string, string> = {}): number => after.sum(name, labels) - before.sum(name, labels);
  const copies = (site: string): number => moved('iggy_data_path_copies_total', { site });
  const copiedBytes = (site: string): number => moved('iggy_data_path_copied_bytes_total', { site });
  assert.ok(moved('iggy_requests_forwarded_total') > 0, 'some batches were forwarded to the other shard');
  assert.ok(moved('iggy_connections_migrated_out_total') > 0, 'some connection moved to its partition owner');
  assert.equal(moved('iggy_memory_pool_fallbacks_total'), 0, 'every batch had a pool slot');

  assert.equal(copies('forward_into_slot'), 0, 'a forwarded batch crossed shards in its own slot');
  assert.equal(copies('forward_clone'), 0, 'no forwarded batch was cloned');
  assert.equal(copies('migration_requeue'), 0, 'no batch was copied out for a moving socket');
  assert.equal(copies('socket_to_buffer'), 0, 'no batch was assembled outside the pool');
  // Bytes land once: after a connection's first batch (or its first on a new shard), the next
  // batch is read straight into its slot.
  const batchesCount = CLIENTS_COUNT * BATCHES_PER_CLIENT;
  const migrated = moved('iggy_connections_migrated_in_total');
  assert.ok(copies('socket_to_slot') <= CLIENTS_COUNT + migrated, `socket copies ${copies('socket_to_slot')} for ${batchesCount} batches`);
  assert.ok(copiedBytes('socket_to_slot') <= (CLIENTS_COUNT + migrated) * 64 * 1024, 'at most one read buffer per such batch');
  // Checksums in place: the XXH3 kernel imports the pool as its memory (memory/pool-memory.ts).
  assert.equal(copies('checksum_staging'), 0, `checksum staging copied ${copiedBytes('checksum_staging')} of ${recordsBytes} bytes`);
});
