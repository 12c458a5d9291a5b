// The `iggy` launcher loads only what the chosen command needs: the command list comes from
// command-heads.ts, a command's module is imported (dynamically) when it runs, and the SDK (and
// through it the protocol package: most of a launch's CPU) only when a command connects.
// Checked on the compiled modules' static import graph, which is what Node loads before any code
// runs, and by one launch for shell completion, which must see the verbs of a command that is
// only loaded on demand.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const LAUNCHER = fileURLToPath(new URL('../../bin/iggy.mjs', import.meta.url));
const SRC = fileURLToPath(new URL('../src/', import.meta.url));

const STATIC_IMPORT = /^\s*(?:import|export)\s(?:[^;'"]*?\sfrom\s)?\s*'([^']+)'/gm;

/** Every module `entry` loads statically: relative files (followed) and packages (by name, not followed). */
function staticClosure(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT)) {
      if (specifier!.startsWith('.')) visit(resolve(dirname(file), specifier!));
      else packages.add(specifier!);
    }
  };
  visit(join(SRC, entry));
  return { files: [...files].map((file) => file.slice(SRC.length)).sort(), packages: [...packages].sort() };
}

const commandModules = (files: string[]) => files.filter((file) => file.startsWith('commands/') && file !== 'commands/all-commands.js' && file !== 'commands/command-heads.js');
const sdkPackages = (packages: string[]) => packages.filter((name) => name.startsWith('@iggy-node/'));

test('the launcher loads no command module and no SDK before yargs chooses a command', () => {
  const { files, packages } = staticClosure('cli.js');
  assert.ok(files.includes('commands/command-heads.js') && files.includes('run-cli.js'), 'the import graph was read');
  assert.deepEqual(commandModules(files), []);
  assert.deepEqual(sdkPackages(packages), []);
  assert.ok(!files.includes('command-context.js'), 'the command context (contexts, output) loads when a command runs');
  assert.ok(packages.includes('yargs'));
});

test('commands that never connect do not load the SDK', () => {
  for (const entry of ['commands/context/index.js', 'commands/system/completion.js', 'command-context.js']) {
    const { files, packages } = staticClosure(entry);
    assert.ok(files.length > 1, `${entry}'s import graph was read`);
    assert.deepEqual(sdkPackages(packages), [], entry);
  }
  // A server command's module loads what it needs, but no other command.
  const { files } = staticClosure('commands/stream/index.js');
  assert.deepEqual(commandModules(files).filter((file) => !file.startsWith('commands/stream/')), []);
});

test('shell completion offers the verbs of a command that is loaded on demand', async () => {
  const stdout = await new Promise<string>((done, reject) => {
    const child = spawn(process.execPath, [LAUNCHER, '--get-yargs-completions', 'iggy', 'stream', 'c'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? done(text) : reject(new Error(`exit ${code}`))));
  });
  assert.deepEqual(stdout.trim().split('\n'), ['create', 'get', 'list', 'update', 'delete', 'purge']);
});
