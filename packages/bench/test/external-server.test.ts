// Goal: against a server the bench did not start: the shard count is found, credentials are
// used (and a refused login says how to pass them), --cleanup removes the bench streams, and a
// ranged workload delivers every message; method: a real 2-shard server, tiny runs, counts only.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IggyClient } from '@iggy-node/sdk';
import { parseArgs, runBenchmark, startLocalServer } from '../src/index.js';

const quiet = { log: () => {} };

test('external server: shards counted, ranges delivered in full, --cleanup, credentials', async (t) => {
  const server = await startLocalServer({ shards: '2' });
  t.after(() => server.stop());
  const address = `${server.host}:${server.port}`;

  const args = parseArgs([
    '-m', '10..100', '-p', '1..8', '-b', '16', '--no-progress', '--cleanup',
    'pinned-producer-and-consumer', '-p', '2', '-c', '2', '-s', '2', 'tcp', '--server-address', address, '-u', 'iggy', '--password', 'iggy',
  ]);
  const report = await runBenchmark(args, quiet);
  assert.deepEqual(report.errors, []);
  assert.equal(report.header.server.startedByBench, false);
  assert.equal(report.header.server.shardCount, 2);
  // A server on this machine is found through GetStats' pid: its CPU and RSS are reported too.
  assert.equal(report.header.server.pid, server.pid);
  assert.ok(report.header.server.cpuUsPerMessage !== null && report.header.server.rssBytesAfter !== null);
  const producers = report.groups.find((g) => g.kind === 'producers')!;
  const consumers = report.groups.find((g) => g.kind === 'consumers')!;
  assert.equal(consumers.totalMessages, producers.totalMessages, 'every message sent was read');
  // 16 batches = one cycle of the 16 variants spread over 1..8 messages: 1,1,2,2,...,8,8 = 72 each.
  assert.equal(producers.totalMessages, 2 * 72);

  const client = new IggyClient({ host: server.host, port: server.port, credentials: { username: 'iggy', password: 'iggy' } });
  await client.connect();
  t.after(() => client.close());
  assert.deepEqual(await client.getStreams(), [], '--cleanup deleted the bench streams');

  const refused = parseArgs(['-b', '1', '--no-progress', 'pinned-producer', '-p', '1', 'tcp', '--server-address', address, '--password', 'wrong']);
  await assert.rejects(runBenchmark(refused, quiet), (error: Error & { code?: number }) => {
    assert.equal(error.code, 42);
    assert.match(error.message, /cannot log in to .* as "iggy": pass --username and --password/);
    return true;
  });
});
