// The `iggy` launcher loads only what the chosen command needs: the command list comes from
// command-heads.ts, a command's module is imported when it runs, and the SDK (and through it the
// protocol package: most of a launch's CPU) only when a command connects. Checked by running the
// launcher with a module-load hook that names every file it loads.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const LAUNCHER = fileURLToPath(new URL('../../bin/iggy.mjs', import.meta.url));
const LOAD_HOOK = `data:text/javascript,${encodeURIComponent(
  "export async function load(url, context, next) { if (url.startsWith('file:')) console.error('loaded ' + url); return next(url, context); }",
)}`;
const REGISTER_HOOK = `data:text/javascript,${encodeURIComponent(`import { register } from 'node:module'; register(${JSON.stringify(LOAD_HOOK)});`)}`;

/** Runs `iggy <args>` with no server and a private IGGY_HOME; returns its output and the files it loaded. */
function launch(args: string[]): Promise<{ code: number | null; stdout: string; loaded: string[] }> {
  const home = mkdtempSync(join(tmpdir(), 'iggy-cli-lazy-'));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGGY_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', REGISTER_HOOK, LAUNCHER, ...args], {
      env: { ...inherited, IGGY_HOME: home, IGGY_TCP_SERVER_ADDRESS: '127.0.0.1:1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      rmSync(home, { recursive: true, force: true });
      const loaded = stderr.split('\n').filter((line) => line.startsWith('loaded ')).map((line) => line.slice('loaded '.length));
      resolve({ code, stdout, loaded });
    });
  });
}

const loadsSdk = (files: string[]) => files.some((url) => /\/(sdk|protocol)\/dist\//.test(url));
const commandModules = (files: string[]) => files.filter((url) => /\/dist\/src\/commands\/(?!all-commands|command-heads)/.test(url));

test('iggy --help lists every command without loading any command module or the SDK', async () => {
  const { code, stdout, loaded } = await launch(['--help']);
  assert.equal(code, 0);
  for (const name of ['ping', 'stream', 'message', 'consumer-group', 'context', 'login', 'completion']) assert.match(stdout, new RegExp(`iggy ${name}\\b`));
  assert.ok(loaded.some((url) => url.endsWith('/commands/command-heads.js')), 'the hook saw the command list load');
  assert.deepEqual(commandModules(loaded), []);
  assert.equal(loadsSdk(loaded), false);
});

test('iggy context list loads the context commands only, and no SDK', async () => {
  const { code, stdout, loaded } = await launch(['context', 'list']);
  assert.equal(code, 0);
  assert.match(stdout, /\| \* +\| default/);
  assert.deepEqual(commandModules(loaded).map((url) => url.replace(/.*\/commands\//, '')), ['context/index.js']);
  assert.equal(loadsSdk(loaded), false);
});

test('a command that connects loads its own module and the SDK', async () => {
  const { code, loaded } = await launch(['stream', 'list']);
  assert.equal(code, 1, 'nothing listens on 127.0.0.1:1');
  assert.ok(commandModules(loaded).some((url) => url.endsWith('/commands/stream/list.js')));
  assert.ok(!commandModules(loaded).some((url) => /\/commands\/(topic|message|user)\//.test(url)));
  assert.equal(loadsSdk(loaded), true);
});

test('shell completion offers the verbs of a command that is not loaded yet', async () => {
  const { code, stdout } = await launch(['--get-yargs-completions', 'iggy', 'stream', 'c']);
  assert.equal(code, 0);
  assert.deepEqual(stdout.trim().split('\n'), ['create', 'get', 'list', 'update', 'delete', 'purge']);
  const topLevel = await launch(['--get-yargs-completions', 'iggy', 'con']);
  assert.match(topLevel.stdout, /^consumer-offset$/m);
  assert.match(topLevel.stdout, /^context$/m);
});
