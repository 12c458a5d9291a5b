// Checks the pool across threads: two workers attach the same SharedArrayBuffer pool, each sends 50,000 batches to the other as slot references (copies when a bucket is exhausted) while releasing what it receives; every batch arrives intact and in order and the shared counters end with nothing in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { MessageChannel, Worker } from 'node:worker_threads';
import { MemoryPool } from '../../../src/memory/memory-pool.js';

const MIB = 1024 * 1024;

test('100,000 batches passed between two workers as slot references leak no slot', async () => {
  // Small enough that some buckets run out, so the fallback path runs concurrently too.
  const pool = MemoryPool.create({ enabled: true, size: 32 * MIB, bucket_capacity: 128 });
  const channel = new MessageChannel();
  const countPerWorker = 50_000;
  const workers = [channel.port1, channel.port2].map(
    (peer, index) =>
      new Worker(new URL('./fixtures/pool-exchange-worker.js', import.meta.url), {
        workerData: { sharedBuffer: pool.sharedBuffer, layout: pool.layout, peer, count: countPerWorker, window: 16, seed: index + 1 },
        transferList: [peer],
      }),
  );
  try {
    for (const worker of workers) worker.on('error', (error) => assert.fail(error));
    const sent = workers.map((worker) => once(worker, 'message'));
    for (const worker of workers) worker.postMessage('start');
    const fallbacks = (await Promise.all(sent)).map(([message]) => (message as { fallbacks: number }).fallbacks);
    const reports = workers.map((worker) => once(worker, 'message'));
    for (const worker of workers) worker.postMessage('report');
    for (const [report] of await Promise.all(reports)) {
      assert.deepEqual(report, { kind: 'report', received: countPerWorker, releaseFailures: 0, errors: [] });
    }
    const counters = pool.counters();
    const totalFallbacks = fallbacks[0]! + fallbacks[1]!;
    assert.equal(counters.inUseSlots, 0);
    assert.equal(counters.inUseBytes, 0);
    assert.equal(counters.returnsDropped, 0);
    assert.equal(counters.fallbacks, totalFallbacks);
    assert.equal(counters.acquisitions + totalFallbacks, 2 * countPerWorker);
    assert.equal(counters.releases, counters.acquisitions);
    assert.ok(counters.acquisitions > countPerWorker, 'most batches travelled as slot references');
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
});
