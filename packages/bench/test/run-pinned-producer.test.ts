// Goal: the bench runs end to end (own server, and --server-address with a consumer kind); method: tiny pinned-producer and pinned-consumer runs, checking counts, not timings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs, runBenchmark, startLocalServer } from '../src/index.js';

const quiet = { log: () => {} };

test('pinned-producer: 10 batches of 10 messages against a server it starts', async () => {
  const args = parseArgs(['-b', '10', '-p', '10', '-m', '100', '--no-progress', 'pinned-producer', '-p', '1', 'tcp']);
  const report = await runBenchmark(args, quiet);
  assert.deepEqual(report.errors, []);
  assert.equal(report.actors.length, 1);
  assert.equal(report.actors[0]!.totalMessages, 100);
  assert.equal(report.actors[0]!.totalMessageBatches, 10);
  assert.equal(report.groups[0]!.totalUserDataBytes, 100 * 100);
  assert.equal(report.header.server.startedByBench, true);
  assert.ok(report.header.server.shardCount! >= 1);
});

test('pinned-consumer against --server-address: prefills, then reads every message by offset', async () => {
  const server = await startLocalServer({ shards: '1' });
  try {
    const args = parseArgs(['-b', '5', '-p', '20', '-m', '50', '--no-progress', 'pinned-consumer', '-c', '2', 'tcp', '--server-address', `${server.host}:${server.port}`]);
    const report = await runBenchmark(args, quiet);
    assert.deepEqual(report.errors, []);
    assert.equal(report.groups[0]!.kind, 'consumers');
    assert.deepEqual(report.actors.map((a) => a.totalMessages), [100, 100]);
    assert.equal(report.header.server.startedByBench, false);
  } finally {
    await server.stop();
  }
});

test('websocket: pinned-producer and pinned-consumer over the websocket transport subcommand', async () => {
  for (const argv of [
    ['-b', '10', '-p', '10', '-m', '100', '--no-progress', 'pinned-producer', '-p', '1', 'websocket'],
    ['-b', '5', '-p', '20', '-m', '50', '--no-progress', 'pinned-consumer', '-c', '1', 'websocket'],
  ]) {
    const args = parseArgs(argv);
    assert.equal(args.transport, 'websocket');
    const report = await runBenchmark(args, quiet);
    assert.deepEqual(report.errors, []);
    assert.equal(report.actors[0]!.totalMessages, 100);
  }
});
