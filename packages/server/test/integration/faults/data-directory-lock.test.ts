// data-directory lock (issue 13, item 4 of the findings): the lock is a kernel lock (flock) on
// the lock file, not a pid. A SIGKILLed server that its parent has not reaped (a zombie) does not
// block a restart; a second server in another pid namespace on the same directory refuses to
// start; taking over the file of a server that did not exit cleanly is logged. Method: real
// server processes; the zombie is made by a parent shell that never waits; the second namespace
// by unshare --pid (root; skipped with a message where unshare is refused).
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { createTestDataDir, startTestServer } from '../../helpers/test-server.js';

const SERVER_MAIN_PATH = fileURLToPath(new URL('../../../src/main.js', import.meta.url));

function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGGY_')));
  return {
    ...inherited,
    IGGY_SYSTEM_PATH: dataDir,
    IGGY_TCP_ADDRESS: '127.0.0.1:0',
    IGGY_HTTP_ENABLED: 'false',
    IGGY_QUIC_ENABLED: 'false',
    IGGY_WEBSOCKET_ENABLED: 'false',
    IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: '1',
  };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function processState(pid: number): string | null {
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; comm may hold spaces, the state follows the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

test('lock: a SIGKILLed server left a zombie by its parent does not block the restart', { timeout: 90_000 }, async (t) => {
  const dataDir = createTestDataDir();
  // The shell starts the server in the background and becomes `sleep`, which never reaps it.
  const parent = spawn('sh', ['-c', `"${process.execPath}" "${SERVER_MAIN_PATH}" --with-default-root-credentials >/dev/null 2>&1 & echo $!; exec sleep 300`], {
    env: serverEnv(dataDir),
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  t.after(async () => {
    parent.kill('SIGKILL');
    await exited(parent);
  });
  let output = '';
  parent.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
  await waitFor(() => output.includes('\n'), 'the server pid');
  const serverPid = Number(output.trim());
  await waitFor(() => existsSync(join(dataDir, 'runtime', 'current_config.toml')), 'the first server to start');
  process.kill(serverPid, 'SIGKILL');
  await waitFor(() => processState(serverPid) === 'Z', 'the killed server to be a zombie');

  const second = await startTestServer({ dataDir });
  t.after(() => second.stop());
  const client = await second.client();
  await client.createStream('after-zombie');
  assert.match(second.stdout(), /taking over the lock file/, 'taking over the stale lock file is logged');
  assert.equal(processState(serverPid), 'Z', 'the old owner was still an unreaped zombie during the restart');
});

test('lock: a second server in another pid namespace on the same data directory refuses to start', { timeout: 90_000 }, async (t) => {
  const probe = spawnSync('unshare', ['--pid', '--fork', '--kill-child', 'true']);
  if (probe.status !== 0) {
    t.skip(`unshare --pid is not permitted here: ${probe.stderr?.toString().trim() || probe.error?.message}`);
    return;
  }
  const first = await startTestServer({ shardCount: 1 });
  t.after(() => first.stop());
  // Inside its namespace the second server is pid 1, and the first server's pid does not exist.
  const second = spawn('unshare', ['--pid', '--fork', '--kill-child', process.execPath, SERVER_MAIN_PATH, '--with-default-root-credentials'], {
    env: serverEnv(first.dataDir),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  second.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
  second.stderr!.setEncoding('utf8').on('data', (text: string) => (output += text));
  const timer = setTimeout(() => second.kill('SIGKILL'), 30_000);
  const code = await exited(second);
  clearTimeout(timer);
  assert.notEqual(code, 0, `the second server must refuse to start; it printed:\n${output.slice(-2000)}`);
  assert.match(output, /in use by another server/);
  const client = await first.client();
  await client.createStream('still-mine');
  assert.equal((await client.getStreams()).length, 1);
});
