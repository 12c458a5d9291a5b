// Checks the test harness itself by starting the real server through it: readiness, a client round trip, data-dir reuse across a crash, clean-up, and start-up failures reported with stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { Consumer, IggyClient, IggyHttpClient, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { createTestDataDir, startTestServer, withTestServer } from './test-server.js';
import { assertPolledMatch, buildMessages } from './messages.js';

test('harness: starts on a free port, serves a client, stops with exit code 0 and removes its data dir', async () => {
  const server = await startTestServer();
  try {
    assert.ok(server.port > 0);
    assert.equal(server.tcpAddress, `${server.host}:${server.port}`);
    const client = await server.client();
    const stream = await client.createStream('harness');
    await client.createTopic({ streamId: stream.id, name: 'events', partitionsCount: 1 });
    const sent = buildMessages(5, 100);
    await client.sendMessages({ streamId: stream.id, topicId: 'events', partitioning: Partitioning.partitionId(0), messages: sent });
    const polled = await client.pollMessages({
      consumer: Consumer.single(1),
      streamId: stream.id,
      topicId: 'events',
      partitionId: 0,
      strategy: PollingStrategy.first(),
      count: 10,
      autoCommit: false,
    });
    assertPolledMatch(polled.messages, sent, { firstOffset: 0n });
  } finally {
    assert.equal(await server.stop(), 0);
  }
  assert.equal(existsSync(server.dataDir), false);
});

test('harness: a given data dir survives kill() and a restart from it sees the old state', async (t) => {
  const dataDir = createTestDataDir();
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const first = await startTestServer({ dataDir });
  await (await first.client()).createStream('kept');
  await first.kill();
  assert.equal(existsSync(dataDir), true);

  const second = await withTestServer(t, { dataDir });
  const client = await second.client();
  assert.deepEqual((await client.getStreams()).map((stream) => stream.name), ['kept']);
});

test('harness: a server that exits during start-up fails startTestServer with its stderr', async () => {
  await assert.rejects(startTestServer({ env: { IGGY_TCP_ADDRESS: 'not-an-address' } }), (error: unknown) => {
    assert.ok(error instanceof Error);
    assert.match(error.message, /exited with code/);
    assert.match(error.message, /server stderr/);
    return true;
  });
});

test("harness: transport 'http' serves client() over the HTTP API and binaryClient() over TCP, on one server", async (t) => {
  const server = await withTestServer(t, { transport: 'http' });
  assert.equal(server.binaryTransport, 'tcp');
  assert.match(server.httpAddress ?? '', /^127\.0\.0\.1:\d+$/);
  const client = await server.client();
  assert.ok(client instanceof IggyHttpClient);
  await client.createStream('over-http');
  const binary = await server.binaryClient();
  assert.ok(binary instanceof IggyClient);
  assert.equal((await binary.getMe()).transport, 1, 'TCP');
  assert.deepEqual((await binary.getStreams()).map((stream) => stream.name), ['over-http']);
  await assert.rejects(server.client({ tls: {} }), /only for binary clients; use server.binaryClient\(\)/);
  await assert.rejects(startTestServer({ transport: 'http', env: { IGGY_HTTP_ENABLED: 'false' } }), /contradicts the harness transport http/);
});
