// Drives the compiled `iggy` launcher as a process, as a user's shell would: contexts and login
// sessions under a temporary IGGY_HOME, human-readable and JSON output, poll --follow receiving a
// message sent after it started, binary send, flush, stream permissions, completion scripts,
// EPIPE into `head`, and TLS with the server's self-signed certificate.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Consumer, IggyClient, PollingStrategy } from '@iggy-node/sdk';

interface Server {
  tcpAddress: string;
  host: string;
  port: number;
  dataDir: string;
  stop(): Promise<number | null>;
}
interface Harness {
  startTestServer(options?: { env?: Record<string, string>; rootCredentials?: boolean }): Promise<Server & { stdout(): string }>;
}

// The CLI cannot depend on the server package, so its harness is loaded from the compiled tree.
const HARNESS_URL = new URL('../../../server/dist/test/helpers/test-server.js', import.meta.url);
const LAUNCHER = fileURLToPath(new URL('../../bin/iggy.mjs', import.meta.url));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the developer's IGGY_* settings, with a private IGGY_HOME. */
function cleanEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGGY_') && key !== 'NO_COLOR'));
  return { ...inherited, IGGY_HOME: home, ...extra };
}

function iggy(env: NodeJS.ProcessEnv, args: string[], stdin: string | Buffer = ''): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

async function ok(env: NodeJS.ProcessEnv, args: string[], stdin: string | Buffer = ''): Promise<string> {
  const result = await iggy(env, args, stdin);
  assert.equal(result.code, 0, `iggy ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

function waitForText(child: ChildProcess, stream: 'stdout' | 'stderr', pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) {
        child[stream]!.off('data', onData);
        resolve(seen);
      }
    };
    child[stream]!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited (${code}) before ${pattern}: ${seen}`)));
  });
}

test('iggy as a user drives it: contexts, sessions, output, follow, binary send, completion, EPIPE', async (t) => {
  const { startTestServer } = (await import(HARNESS_URL.href)) as Harness;
  const server = await startTestServer();
  t.after(() => server.stop());
  const home = mkdtempSync(join(tmpdir(), 'iggy-cli-home-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = cleanEnv(home);

  // Contexts: a new one with the server address, made active; every later command uses it.
  const created = await ok(env, ['context', 'create', 'dev', '--tcp-server-address', server.tcpAddress]);
  assert.match(created, /Context "dev" saved/);
  await ok(env, ['context', 'use', 'dev']);
  const contexts = await ok(env, ['ctx', 'list']);
  assert.match(contexts, /\| \* +\| dev +\| 127\.0\.0\.1:\d+/);
  assert.match(contexts, /\| +\| default +\|/);
  assert.equal((await iggy(env, ['context', 'use', 'nope'])).code, 2);

  // Setup through the context's default credentials (iggy/iggy).
  await ok(env, ['stream', 'create', 'first-hour']);
  await ok(env, ['topic', 'create', 'first-hour', 'events', '1']);
  await ok(env, ['user', 'create', 'alice', 'alice-pw', '-g', 'r_srv,r_str', '-s', '1:r_str,p_msg,s_msg#1:s_msg']);

  // Login session: alice logs in once; the next commands (no credentials given) run as alice.
  const loggedIn = await ok(env, ['login', '-u', 'alice', '-p', 'alice-pw', '1h']);
  assert.match(loggedIn, /Logged in to 127\.0\.0\.1:\d+ as alice \(context "dev"\)/);
  const alice = JSON.parse(await ok(env, ['user', 'get', 'alice', '--output', 'json', '-u', 'iggy', '-p', 'iggy']));
  const me = JSON.parse(await ok(env, ['me', '--output', 'json']));
  assert.equal(me.userId, alice.id, 'the session token logged in as alice');
  assert.match(await ok(env, ['context', 'list']), /\| \* +\| dev .*logged in/);
  const refused = await iggy(env, ['user', 'list']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^error 41 unauthorized: Permission denied/, 'alice may not read users');
  await ok(env, ['logout']);
  assert.equal(JSON.parse(await ok(env, ['me', '--output', 'json'])).userId, 0, 'after logout: default credentials again');
  // Default credentials refused (a server with a random root password): the error says what to do.
  const refusedDefault = await iggy(env, ['me', '-u', 'iggy', '-p', 'wrong']);
  assert.match(refusedDefault.stderr, /^error 42 invalid_credentials: Invalid username or password/);

  // Human-readable by default, raw with --output json; permissions summarised.
  const streams = await ok(env, ['stream', 'list']);
  assert.match(streams, /\| \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \|/);
  assert.match(streams, /\| 0 B +\|/);
  assert.match(JSON.parse(await ok(env, ['stream', 'list', '--output', 'json']))[0].createdAt, /^\d{16}$/);
  const aliceTable = await ok(env, ['user', 'get', 'alice']);
  assert.match(aliceTable, /permissions +\| global: r_srv,r_str; stream 1: r_str,p_msg,s_msg \(topic 1: s_msg\)/);
  assert.match(aliceTable, /status +\| active/);
  assert.doesNotMatch(aliceTable + streams, /\u001b\[/, 'no colours when stdout is not a terminal');
  const topic = await ok(env, ['topic', 'get', 'first-hour', 'events']);
  assert.match(topic, /compressionAlgorithm +\| none/);

  // poll --follow prints a message sent after it started, and ends cleanly on Ctrl-C.
  const follower = spawn(process.execPath, [LAUNCHER, 'message', 'poll', 'first-hour', 'events', '0', '--first', '--follow', '--output', 'json'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const followerExit = new Promise<number | null>((resolve) => follower.once('exit', (code) => resolve(code)));
  t.after(() => follower.kill('SIGKILL'));
  await waitForText(follower, 'stderr', /Following partition 0/);
  const arrived = waitForText(follower, 'stdout', /"payload":"late arrival"/);
  await ok(env, ['message', 'send', 'first-hour', 'events', 'late arrival', '--partition-id', '0']);
  const line = JSON.parse((await arrived).trim().split('\n')[0]!);
  assert.equal(line.offset, '0');
  follower.kill('SIGINT');
  assert.equal(await followerExit, 0);

  // Binary send from a file and from standard input: the bytes arrive unchanged.
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const file = join(home, 'payload.bin');
  writeFileSync(file, bytes);
  await ok(env, ['message', 'send', 'first-hour', 'events', '--partition-id', '0', '--input-file', file]);
  await ok(env, ['message', 'send', 'first-hour', 'events', '--partition-id', '0', '--input-file', '-'], bytes.subarray(0, 100));
  const missing = await iggy(env, ['message', 'send', 'first-hour', 'events', '--input-file', join(home, 'nope.bin')]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read --input-file .*nope\.bin: no such file/);
  await ok(env, ['message', 'flush', 'first-hour', 'events', '0', '--fsync']);
  assert.match(await ok(env, ['message', 'poll', 'first-hour', 'events', '0', '--offset', '1']), /<256 bytes binary: 00 01 02 03 .* …>/);
  const client = new IggyClient({ host: server.host, port: server.port, credentials: { username: 'iggy', password: 'iggy' } });
  await client.connect();
  t.after(() => client.close());
  const polled = await client.pollMessages({
    consumer: Consumer.single(9), streamId: 'first-hour', topicId: 'events', partitionId: 0,
    strategy: PollingStrategy.offset(1n), count: 2, autoCommit: false,
  });
  assert.deepEqual(polled.messages[0]!.payload, bytes);
  assert.deepEqual(polled.messages[1]!.payload, bytes.subarray(0, 100));

  // Completion scripts for the three shells, and the candidates they ask the CLI for.
  assert.match(await ok(env, ['completion', 'bash']), /complete -o bashdefault -o default -F _iggy_completions iggy/);
  assert.match(await ok(env, ['completion', 'zsh']), /#compdef iggy/);
  assert.match(await ok(env, ['completion', 'fish']), /complete -c iggy -f -a '\(__iggy_completions\)'/);
  const candidates = await ok(env, ['--get-yargs-completions', 'iggy', 'str']);
  assert.match(candidates, /^stream/m);

  // EPIPE: a reader that stops early (`| head -n 1`) ends the command quietly with status 0.
  const many = Array.from({ length: 3000 }, (_, i) => `message number ${i} ${'x'.repeat(60)}`).join('\n');
  await ok(env, ['message', 'send', 'first-hour', 'events', '--partition-id', '0'], many);
  const pipeline = await new Promise<Result>((resolve) => {
    const shell = spawn('bash', ['-c', `"${process.execPath}" "${LAUNCHER}" message poll first-hour events 0 --first --count 3003 | head -n 1; echo "iggy-status=\${PIPESTATUS[0]}" >&2`], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    shell.on('close', (code) => resolve({ code, stdout, stderr }));
  });
  assert.equal(pipeline.stdout.trim(), 'Polled 3003 messages from partition 0');
  assert.match(pipeline.stderr, /iggy-status=0/);
  assert.doesNotMatch(pipeline.stderr, /EPIPE|Error/);
});

test('TLS from the CLI: trust the data directory\'s self-signed certificate, or skip verification; clear errors', async (t) => {
  const { startTestServer } = (await import(HARNESS_URL.href)) as Harness;
  const server = await startTestServer({ env: { IGGY_TCP_TLS_ENABLED: 'true', IGGY_TCP_TLS_CERT_FILE: '/nonexistent/cert.pem' } });
  t.after(() => server.stop());
  const home = mkdtempSync(join(tmpdir(), 'iggy-cli-home-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = cleanEnv(home, { IGGY_TCP_SERVER_ADDRESS: server.tcpAddress });
  const certFile = join(server.dataDir, 'tls', 'self_signed_cert.pem');

  assert.match(await ok(env, ['ping', '--tls-ca-file', certFile, '--tls-domain', 'localhost']), /pong|Ping/i);
  assert.match(await ok(env, ['ping', '--tls-insecure']), /pong|Ping/i);

  const untrusted = await iggy(env, ['ping', '--tls']);
  assert.equal(untrusted.code, 1);
  assert.match(untrusted.stderr, /TLS certificate is not trusted: pass --tls-ca-file/);
  assert.doesNotMatch(untrusted.stderr, /\n\s+at /, 'no stack trace');

  const noFile = await iggy(env, ['ping', '--tls-ca-file', join(home, 'missing.pem')]);
  assert.equal(noFile.code, 2);
  assert.match(noFile.stderr, /^error: cannot read --tls-ca-file .*missing\.pem: no such file/);
  assert.doesNotMatch(noFile.stderr, /ENOENT|\n\s+at /);
});

test('a server with a generated root password: the default login is refused with what to do, the printed login works', async (t) => {
  const { startTestServer } = (await import(HARNESS_URL.href)) as Harness;
  const server = await startTestServer({ rootCredentials: false });
  t.after(() => server.stop());
  const home = mkdtempSync(join(tmpdir(), 'iggy-cli-home-'));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const env = cleanEnv(home, { IGGY_TCP_SERVER_ADDRESS: server.tcpAddress });
  const refused = await iggy(env, ['stream', 'list']);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /no credentials were given, and the default iggy\/iggy was refused: run `iggy login/);
  // The server's own hint, word for word (printed just before its ready signal).
  for (let i = 0; i < 200 && !/Log in with/.test(server.stdout()); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  const hint = /Log in with: iggy (login --username iggy --password '([^']+)')/.exec(server.stdout())!;
  await ok(env, ['login', '--username', 'iggy', '--password', hint[2]!]);
  assert.equal(JSON.parse(await ok(env, ['me', '--output', 'json'])).userId, 0);
});
