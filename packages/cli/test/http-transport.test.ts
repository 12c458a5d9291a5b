// `iggy --transport http` against a real server with the HTTP API on: the same commands go over
// the REST API (JWT login, JSON), and a binary-only one (`me`) fails with a clear message.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';

interface Harness {
  startHttpTestServer(): Promise<{ httpBase: string; stop(): Promise<number | null> }>;
}

const HARNESS_URL = new URL('../../../server/dist/test/helpers/http-test-server.js', import.meta.url);
const LAUNCHER_PATH = fileURLToPath(new URL('../../bin/iggy.mjs', import.meta.url));

function iggy(baseUrl: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, IGGY_TRANSPORT: 'http', IGGY_HTTP_API_URL: baseUrl, IGGY_USERNAME: 'iggy', IGGY_PASSWORD: 'iggy' };
    const child = spawn(process.execPath, [LAUNCHER_PATH, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('cli over --transport http', async (t) => {
  const harness = (await import(HARNESS_URL.href)) as Harness;
  const server = await harness.startHttpTestServer();
  t.after(() => server.stop());
  const base = server.httpBase;
  const created = await iggy(base, ['stream', 'create', 'cli-http', '--output', 'json']);
  assert.equal(created.code, 0, created.stderr);
  assert.equal(JSON.parse(created.stdout).name, 'cli-http');
  assert.equal((await iggy(base, ['topic', 'create', 'cli-http', 'events', '1'])).code, 0);
  const sent = await iggy(base, ['message', 'send', 'cli-http', 'events', 'hello', '--partition-id', '0']);
  assert.equal(sent.code, 0, sent.stderr);
  const polled = await iggy(base, ['message', 'poll', 'cli-http', 'events', '0', '--offset', '0', '--count', '10', '--output', 'json']);
  assert.equal(polled.code, 0, polled.stderr);
  assert.match(polled.stdout, /hello|aGVsbG8=/);
  const me = await iggy(base, ['me']);
  assert.equal(me.code, 1);
  assert.match(me.stderr, /not available over HTTP/);
});
