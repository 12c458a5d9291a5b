// What people read: per-module levels from system.logging.level take effect in the running
// server (a storage debug line appears while the coordinator's info lines are filtered), and the
// stdout format follows system.logging.format (JSON lines for machines, pino-pretty text for
// people). Method: real servers, stdout captured by the harness.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestServer } from '../../helpers/test-server.js';

test('logging: warn,server::storage=debug logs storage debug lines and hides coordinator info', { timeout: 60_000 }, async (t) => {
  const server = await startTestServer({ env: { IGGY_SYSTEM_LOGGING_LEVEL: 'warn,server::storage=debug', IGGY_SYSTEM_LOGGING_FORMAT: 'json' } });
  t.after(() => server.stop());
  const client = await server.client();
  await client.createStream('logged');
  await client.createTopic({ streamId: 'logged', name: 't', partitionsCount: 1 });
  await client.sendMessages({ streamId: 'logged', topicId: 't', partitioning: { kind: 'partition_id', partitionId: 0 }, messages: [{ payload: Buffer.from('x') }] });
  const deadline = Date.now() + 10_000;
  while (!server.stdout().includes('"partition opened"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const lines = server.stdout().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: number; module: string; msg: string });
  const opened = lines.find((line) => line.msg === 'partition opened');
  assert.ok(opened, 'the storage module logs at debug');
  assert.equal(opened.module, 'server::storage');
  assert.equal(opened.level, 20);
  assert.ok(!lines.some((line) => line.module === 'server::coordinator' && line.level < 40), 'coordinator info lines are filtered at warn');
});

test('logging: format = "pretty" writes human-readable lines, not JSON', { timeout: 60_000 }, async (t) => {
  const server = await startTestServer({ env: { IGGY_SYSTEM_LOGGING_LEVEL: 'info', IGGY_SYSTEM_LOGGING_FORMAT: 'pretty' } });
  t.after(() => server.stop());
  // The server logs the line before it writes the runtime config the harness waits for, but the
  // line reaches us through a pipe: it may arrive a moment after start-up returned.
  const deadline = Date.now() + 10_000;
  while (!server.stdout().includes('Iggy server started') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const started = server.stdout().split('\n').find((line) => line.includes('Iggy server started'));
  assert.ok(started, server.stdout());
  assert.ok(!started.trimStart().startsWith('{'), `not JSON: ${started}`);
  assert.match(started, /INFO/);
  assert.doesNotMatch(started, /\u001b\[/, 'no colour codes when stdout is not a terminal');
});
