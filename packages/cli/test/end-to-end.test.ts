// Drives the compiled `iggy` launcher as a child process against a real server started by the
// server's test harness: stream and topic creation, send, poll (JSON parsed), stats, delete.
// The TCP and WebSocket tests share one server (TCP listener plus WebSocket listener), started
// and stopped by this file; they run in order, the TCP one first (it counts the server's streams).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';

interface Harness {
  startTestServer(options: { transport: 'ws' }): Promise<{ tcpAddress: string; websocketAddress: string | null; stop(): Promise<number | null> }>;
}

// The CLI cannot depend on the server package, so its harness is loaded from the compiled tree.
const HARNESS_URL = new URL('../../../server/dist/test/helpers/test-server.js', import.meta.url);
const LAUNCHER_PATH = fileURLToPath(new URL('../../bin/iggy.mjs', import.meta.url));
// QUIC needs the native endpoint (packages/quic-native), built where cargo and Debian's crates exist.
const quicSkip = existsSync(new URL('../../../quic-native/native/libiggy_quic.so', import.meta.url)) ? false : 'QUIC native endpoint not built';

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `iggy <args>` with the server address in the environment, as a user's shell would. */
function iggy(address: string, args: string[], stdin = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, IGGY_TCP_SERVER_ADDRESS: address, IGGY_USERNAME: 'iggy', IGGY_PASSWORD: 'iggy' };
    const child = spawn(process.execPath, [LAUNCHER_PATH, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function ok(address: string, args: string[], stdin = ''): Promise<string> {
  const result = await iggy(address, args, stdin);
  assert.equal(result.code, 0, `iggy ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

let server: Awaited<ReturnType<Harness['startTestServer']>>;
before(async () => {
  const harness = (await import(HARNESS_URL.href)) as Harness;
  server = await harness.startTestServer({ transport: 'ws' });
});
after(() => server?.stop());

test('cli end to end against a real server', async () => {
  const address = server.tcpAddress;

  const stream = JSON.parse(await ok(address, ['stream', 'create', 'cli-e2e', '--output', 'json']));
  assert.equal(stream.name, 'cli-e2e');
  assert.equal(typeof stream.id, 'number');

  const topic = JSON.parse(
    await ok(address, [
      'topic', 'create', 'cli-e2e', 'events', '2',
      '--message-expiry', '1h', '--max-topic-size', '1 GiB', '--output', 'json',
    ]),
  );
  assert.equal(topic.partitionsCount, 2);
  assert.equal(topic.messageExpiry, String(3600n * 1_000_000n));
  assert.equal(topic.maxTopicSize, String(1024n ** 3n));

  // Two messages from arguments and one from a line of standard input, all to partition 0.
  await ok(address, ['message', 'send', 'cli-e2e', 'events', 'first', 'second', '--partition-id', '0', '--headers', 'source:string:cli']);
  await ok(address, ['message', 'send', 'cli-e2e', 'events', '--partition-id', '0'], 'third\n');

  const polled = JSON.parse(
    await ok(address, ['message', 'poll', 'cli-e2e', 'events', '0', '--offset', '0', '--count', '10', '--output', 'json']),
  );
  assert.equal(polled.partitionId, 0);
  assert.deepEqual(
    polled.messages.map((m: { offset: string; payload: string }) => [m.offset, m.payload]),
    [['0', 'first'], ['1', 'second'], ['2', 'third']],
  );
  assert.deepEqual(polled.messages[0].headers, { source: 'cli' });
  assert.equal(polled.messages[2].headers, null);
  assert.match(polled.messages[0].timestamp, /^\d+$/);

  const table = await ok(address, ['message', 'poll', 'cli-e2e', 'events', '0', '--first', '--count', '3']);
  assert.match(table, /\| 2 +\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d +\| third +\|/);

  const stats = JSON.parse(await ok(address, ['stats', '--output', 'json']));
  assert.equal(stats.streamsCount, 1);
  assert.equal(stats.messagesCount, '3');

  // The new user's password is a positional, which must not replace the global login --password.
  const user = JSON.parse(await ok(address, ['user', 'create', 'cli-user', 'secret123', '--output', 'json']));
  assert.equal(user.username, 'cli-user');
  await ok(address, ['user', 'delete', 'cli-user']);

  await ok(address, ['stream', 'delete', 'cli-e2e']);
  const missing = await iggy(address, ['stream', 'get', 'cli-e2e']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^error \d+ \w+: /);
  assert.deepEqual(JSON.parse(await ok(address, ['stream', 'list', '--output', 'json'])), []);
});

test('iggy --transport ws talks to the WebSocket listener', async () => {
  // The TCP address in the environment is unreachable: only the WebSocket address can answer.
  await ok('127.0.0.1:1', ['--transport', 'ws', '--websocket-server-address', server.websocketAddress!, 'stream', 'create', 'over-ws']);
  const listed = await ok('127.0.0.1:1', ['--transport', 'ws', '--websocket-server-address', server.websocketAddress!, '--output', 'json', 'stream', 'list']);
  assert.match(listed, /over-ws/);
});

test('iggy --transport quic talks to the QUIC endpoint', { skip: quicSkip }, async () => {
  const { startTestServer } = (await import(HARNESS_URL.href)) as {
    startTestServer(options: { transport: 'quic' }): Promise<{ quicAddress: string | null; stop(): Promise<number | null> }>;
  };
  const server = await startTestServer({ transport: 'quic' });
  try {
    // The TCP address in the environment is unreachable: only the QUIC address can answer.
    await ok('127.0.0.1:1', ['--transport', 'quic', '--quic-server-address', server.quicAddress!, 'stream', 'create', 'over-quic']);
    const listed = await ok('127.0.0.1:1', ['--transport', 'quic', '--quic-server-address', server.quicAddress!, '--output', 'json', 'stream', 'list']);
    assert.match(listed, /over-quic/);
  } finally {
    await server.stop();
  }
});
