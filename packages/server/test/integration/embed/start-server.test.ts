// startServer(): the library entry of @iggy-node/server, in-process and as a managed child.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { IggyClient, Partitioning, PollingStrategy, Consumer } from '@iggy-node/sdk';
import { startServer } from '../../../src/index.js';

async function roundTrip(server: { host: string; port: number; credentials: { username: string; password: string } }): Promise<string> {
  const client = new IggyClient({ host: server.host, port: server.port, credentials: server.credentials });
  await client.connect();
  try {
    await client.createStream('embedded');
    await client.createTopic({ streamId: 'embedded', name: 't', partitionsCount: 1 });
    await client.sendMessages({ streamId: 'embedded', topicId: 't', partitioning: Partitioning.partitionId(0), messages: [{ payload: Buffer.from('hi') }] });
    const polled = await client.pollMessages({
      consumer: Consumer.single(1), streamId: 'embedded', topicId: 't', partitionId: 0,
      strategy: PollingStrategy.first(), count: 1, autoCommit: false,
    });
    return polled.messages[0]!.payload.toString();
  } finally {
    await client.close();
  }
}

for (const mode of ['in-process', 'child'] as const) {
  test(`startServer (${mode}): port 0, temporary data directory, metrics address, stop() cleans up`, async (t) => {
    const server = await startServer({ mode, shards: 2, httpAddress: '127.0.0.1:0' });
    t.after(() => server.stop());
    assert.match(server.tcpAddress, /^127\.0\.0\.1:\d+$/);
    assert.notEqual(server.port, 0);
    assert.equal(server.shardCount, 2);
    assert.equal(await roundTrip(server), 'hi');
    const metrics = await fetch(`http://${server.httpAddress}/metrics`);
    assert.equal(metrics.status, 200);
    assert.match(await metrics.text(), /^iggy_messages_sent_total 1$/m);
    assert.equal(mode === 'in-process' ? server.pid : -1, mode === 'in-process' ? process.pid : -1);
    await server.stop();
    assert.equal(existsSync(server.dataDir), false);
  });
}

test('importing main.js starts nothing (the bin entry does)', () => {
  const main = fileURLToPath(new URL('../../../src/main.js', import.meta.url));
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(main)}); console.log('imported')`], {
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, IGGY_TCP_ADDRESS: '127.0.0.1:0', IGGY_SYSTEM_PATH: '/nonexistent/never-created' },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'imported');
});
