// Goal: the bench runs end to end (own server, and --server-address with a consumer kind); method: tiny pinned-producer and pinned-consumer runs, checking counts, not timings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadQuicNative } from '@iggy-node/quic-native';
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

test('websocket: pinned-consumer and pinned-producer over the websocket transport subcommand', async () => {
  // One server for both runs (the bench starting its own server is the tcp and quic tests' part).
  // The consumer runs first, on an empty server, so its streams are prefilled over websocket too.
  const server = await startLocalServer({ shards: '1', transport: 'websocket' });
  try {
    const address = `${server.host}:${server.port}`;
    for (const argv of [
      ['-b', '5', '-p', '20', '-m', '50', '--no-progress', 'pinned-consumer', '-c', '1', 'websocket', '--server-address', address],
      ['-b', '10', '-p', '10', '-m', '100', '--no-progress', 'pinned-producer', '-p', '1', 'websocket', '--server-address', address],
    ]) {
      const args = parseArgs(argv);
      assert.equal(args.transport, 'websocket');
      const report = await runBenchmark(args, quiet);
      assert.deepEqual(report.errors, []);
      assert.equal(report.actors[0]!.totalMessages, 100);
    }
  } finally {
    await server.stop();
  }
});

const quicSkip = loadQuicNative() ? false : 'QUIC native endpoint not built (packages/quic-native)';

test('pinned-producer and pinned-consumer over quic: every message sent and read back', { skip: quicSkip }, async () => {
  const producer = await runBenchmark(parseArgs(['-b', '10', '-p', '10', '-m', '100', '--no-progress', '--server-shards', '1', 'pinned-producer', '-p', '1', 'quic']), quiet);
  assert.deepEqual(producer.errors, []);
  assert.equal(producer.header.config.transport, 'quic');
  assert.equal(producer.actors[0]!.totalMessages, 100);
  const server = await startLocalServer({ shards: '1', transport: 'quic' });
  try {
    const args = parseArgs(['-b', '5', '-p', '20', '-m', '50', '--no-progress', 'pinned-consumer', '-c', '2', 'quic', '--server-address', `${server.host}:${server.port}`]);
    const consumer = await runBenchmark(args, quiet);
    assert.deepEqual(consumer.errors, []);
    assert.deepEqual(consumer.actors.map((a) => a.totalMessages), [100, 100]);
  } finally {
    await server.stop();
  }
});
