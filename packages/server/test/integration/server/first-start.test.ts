// The first minutes with a fresh data directory: root credentials are created only once every
// port is bound; a refused start leaves nothing behind; the root-credential options say what
// they did on an existing directory; the self-signed TLS certificate is one file per data dir.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { IggyClient } from '@iggy-node/sdk';
import { startTestServer } from '../../helpers/test-server.js';
import { tcpPassOnly } from '../../helpers/test-transport.js';

const MAIN = fileURLToPath(new URL('../../../src/main.js', import.meta.url));

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the server command to completion (it must refuse to start). */
function runServer(env: Record<string, string>, args: string[] = []): Promise<RunResult> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGGY_')));
  const child = spawn(process.execPath, [MAIN, ...args], {
    env: { ...inherited, IGGY_QUIC_ENABLED: 'false', IGGY_WEBSOCKET_ENABLED: 'false', IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function occupyPort(t: { after(fn: () => unknown): void }): Promise<number> {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  return (blocker.address() as net.AddressInfo).port;
}

/** Waits until the server's output says `pattern`: it is printed just before the ready signal. */
async function outputShows(server: { stdout(): string; stderr(): string }, pattern: RegExp): Promise<string> {
  for (let i = 0; i < 200 && !pattern.test(server.stdout() + server.stderr()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  return server.stdout() + server.stderr();
}

function tempDir(t: { after(fn: () => unknown): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'iggy-first-start-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('a start refused for a busy HTTP port creates no root user and prints no password; the next start does', async (t) => {
  const busy = await occupyPort(t);
  const dataDir = tempDir(t);
  const refused = await runServer({ IGGY_SYSTEM_PATH: dataDir, IGGY_TCP_ADDRESS: '127.0.0.1:0', IGGY_HTTP_ADDRESS: `127.0.0.1:${busy}` });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`http.address 127.0.0.1:${busy}: the port is already in use`));
  assert.doesNotMatch(refused.stdout + refused.stderr, /password/i);
  assert.equal(existsSync(join(dataDir, 'state', 'log')), false, 'no state (so no root user) was written');

  const server = await startTestServer({ dataDir, rootCredentials: false });
  t.after(() => server.stop());
  const printed = /Root user created: username "iggy", password "([^"]+)"/.exec(await outputShows(server, /Log in with/));
  assert.ok(printed, `the password is printed on the first successful start:\n${server.stdout()}`);
  assert.match(server.stdout(), /Log in with: iggy login --username iggy --password/);
  const client = await server.client({ credentials: undefined });
  assert.equal(await client.login('iggy', printed[1]!), 0, 'the printed password logs in as root');
  assert.equal(await server.stop(), 0);
});

test('a start refused for a busy TCP port leaves no data directory', { skip: tcpPassOnly('a refused start, no client') }, async (t) => {
  const busy = await occupyPort(t);
  const dataDir = join(tempDir(t), 'data');
  const refused = await runServer({ IGGY_SYSTEM_PATH: dataDir, IGGY_TCP_ADDRESS: `127.0.0.1:${busy}`, IGGY_HTTP_ENABLED: 'false' });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, new RegExp(`tcp.address 127.0.0.1:${busy}.*already in use`));
  assert.equal(existsSync(dataDir), false, 'nothing was created');
});

test('root credential options on an existing data directory say they did nothing and how to reset', async (t) => {
  const dataDir = tempDir(t);
  const first = await startTestServer({ dataDir, rootCredentials: false });
  t.after(() => first.stop());
  assert.match(await outputShows(first, /Root user created/), /Root user created: username "iggy", password "/);
  assert.equal(await first.stop(), 0);

  const second = await startTestServer({ dataDir, rootCredentials: true });
  t.after(() => second.stop());
  assert.match(await outputShows(second, /had no effect/), /--with-default-root-credentials had no effect: .* already has a root user/);
  assert.match(second.stderr(), /--fresh/);
  await assert.rejects(second.client(), (error: unknown) => (error as { code?: number }).code === 42);
  assert.equal(await second.stop(), 0);

  const envOnly = await startTestServer({ dataDir, rootCredentials: false, env: { IGGY_ROOT_USERNAME: 'admin', IGGY_ROOT_PASSWORD: 'secret' } });
  t.after(() => envOnly.stop());
  assert.match(await outputShows(envOnly, /had no effect/), /IGGY_ROOT_USERNAME\/IGGY_ROOT_PASSWORD had no effect/);
  assert.equal(await envOnly.stop(), 0);

  const fresh = await startTestServer({ dataDir, rootCredentials: true, args: ['--fresh'] });
  t.after(() => fresh.stop());
  assert.match(await outputShows(fresh, /Root user created/), /Root user created: username "iggy" with the password from --with-default-root-credentials/);
  assert.ok(await fresh.client());
  assert.equal(await fresh.stop(), 0);
});

test('with TLS and no certificate files, one self-signed certificate per data directory serves every shard', { skip: tcpPassOnly('TLS over the TCP port, TCP clients') }, async (t) => {
  const dataDir = tempDir(t);
  const env = { IGGY_TCP_TLS_ENABLED: 'true', IGGY_TCP_TLS_CERT_FILE: join(dataDir, 'missing.pem') };
  const server = await startTestServer({ dataDir, shardCount: 2, env });
  t.after(() => server.stop());
  const certFile = join(dataDir, 'tls', 'self_signed_cert.pem');
  assert.ok(existsSync(certFile));
  assert.match(await outputShows(server, /TLS: self-signed/), new RegExp(`TLS: self-signed certificate at ${certFile}`));
  const ca = readFileSync(certFile);
  // Several connections: with two shards each accepts some (SO_REUSEPORT); all verify against the file.
  for (let i = 0; i < 4; i++) {
    const client = new IggyClient({ host: server.host, port: server.port, tls: { ca, servername: 'localhost' }, credentials: { username: 'iggy', password: 'iggy' } });
    await client.connect();
    await client.ping();
    await client.close();
  }
  assert.equal(await server.stop(), 0);
  const again = await startTestServer({ dataDir, env });
  t.after(() => again.stop());
  assert.deepEqual(readFileSync(certFile), ca, 'reused on restart');
  assert.equal(await again.stop(), 0);
});
