// Goal: the packages install and work outside this checkout. Method: `npm pack` protocol, sdk,
// server, cli and bench; `npm install` the tarballs into a fresh temporary project (third-party
// dependencies from the npm cache or registry); from there, start a server with startServer(),
// use it through the SDK and the CLI library, run the three bin commands, and type-check a
// TypeScript consumer against the packed .d.ts files.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';

const run = promisify(execFile);
const REPO_ROOT = fileURLToPath(new URL('../../../../../../', import.meta.url));
const PACKAGES = ['protocol', 'quic-native', 'sdk', 'server', 'cli', 'bench'];
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const STEP_TIMEOUT_MS = 240_000;

const APP = `
import { startServer } from '@iggy-node/server';
import { IggyClient, Partitioning } from '@iggy-node/sdk';
import { runCli } from '@iggy-node/cli';

const server = await startServer();
try {
  const client = new IggyClient({ host: server.host, port: server.port, credentials: server.credentials });
  await client.connect();
  await client.createStream('from-a-tarball');
  await client.createTopic({ streamId: 'from-a-tarball', name: 't', partitionsCount: 1 });
  await client.sendMessages({ streamId: 'from-a-tarball', topicId: 't', partitioning: Partitioning.balanced(), messages: [{ payload: Buffer.from('hi') }] });
  await client.close();
  let out = '';
  const code = await runCli(['stream', 'list', '--output', 'json'], { stdout: (t) => (out += t), stderr: (t) => (out += t), readStdin: async () => '' },
    { IGGY_TCP_SERVER_ADDRESS: server.tcpAddress, IGGY_HOME: process.env.IGGY_HOME });
  console.log(JSON.stringify({ code, streams: JSON.parse(out).map((s) => [s.name, s.messagesCount]) }));
} finally {
  await server.stop();
}
`;

const TYPED_APP = `
import { startServer, type EmbeddedServer } from '@iggy-node/server';
import { IggyClient } from '@iggy-node/sdk';
import { runCli } from '@iggy-node/cli';
import { parseArgs } from '@iggy-node/bench';
const server: EmbeddedServer = await startServer({ shards: 1, httpAddress: false });
const client = new IggyClient({ host: server.host, port: server.port, credentials: server.credentials });
const code: Promise<number> = runCli(['ping'], { stdout: () => {}, stderr: () => {}, readStdin: async () => '' });
const kind: string = parseArgs(['pinned-producer', 'tcp']).kind;
void client; void code; void kind;
await server.stop();
`;

test('npm pack of protocol, sdk, server, cli and bench installs and works in another project', { timeout: 4 * STEP_TIMEOUT_MS }, async (t) => {
  const work = mkdtempSync(join(tmpdir(), 'iggy-pack-'));
  t.after(() => rmSync(work, { recursive: true, force: true }));
  const tarballs = join(work, 'tarballs');
  const app = join(work, 'app');
  for (const dir of [tarballs, app]) mkdirSync(dir);
  await run(NPM, ['pack', ...PACKAGES.flatMap((name) => ['-w', `packages/${name}`]), '--pack-destination', tarballs], { cwd: REPO_ROOT, timeout: STEP_TIMEOUT_MS });
  const files = readdirSync(tarballs).filter((name) => name.endsWith('.tgz')).sort();
  assert.deepEqual(files, ['iggy-node-bench-0.7.0.tgz', 'iggy-node-cli-0.7.0.tgz', 'iggy-node-protocol-0.7.0.tgz', 'iggy-node-quic-native-0.7.0.tgz', 'iggy-node-sdk-0.7.0.tgz', 'iggy-node-server-0.7.0.tgz']);

  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer-app', version: '1.0.0', private: true, type: 'module' }));
  await run(NPM, ['install', '--prefer-offline', '--no-audit', '--no-fund', ...files.map((name) => join(tarballs, name))], { cwd: app, timeout: STEP_TIMEOUT_MS });

  const home = join(work, 'iggy-home');
  writeFileSync(join(app, 'app.mjs'), APP);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGGY_')));
  const env = { ...inherited, IGGY_HOME: home };
  const { stdout } = await run(process.execPath, ['app.mjs'], { cwd: app, env, timeout: STEP_TIMEOUT_MS });
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!);
  assert.deepEqual(result, { code: 0, streams: [['from-a-tarball', '1']] });

  const bin = (name: string) => join(app, 'node_modules', '.bin', name);
  assert.match((await run(bin('iggy'), ['--version'], { cwd: app, env })).stdout, /^0\.7\.0/);
  assert.match((await run(bin('iggy'), ['completion', 'bash'], { cwd: app, env })).stdout, /complete -o/);
  assert.match((await run(bin('iggy-bench'), ['--help'], { cwd: app, env })).stdout, /--message-size <value>/);
  assert.match((await run(bin('iggy-server'), ['--help'], { cwd: app, env })).stdout, /--with-default-root-credentials/);

  // The packed type declarations are enough for a strict TypeScript consumer.
  writeFileSync(join(app, 'typed-app.ts'), TYPED_APP);
  const { checked, errors } = typeCheckConsumer(join(app, 'typed-app.ts'));
  assert.deepEqual(errors, []);
  for (const name of ['server', 'sdk', 'cli', 'bench', 'protocol']) {
    assert.ok(checked.some((file) => file.endsWith(`/node_modules/@iggy-node/${name}/dist/src/index.d.ts`)), `${name}'s packed declarations were checked`);
  }
});

/**
 * Type-checks `entry` as `tsc --strict` would for a consumer, and every declaration file of the
 * packed @iggy-node/* packages that it reaches: a .d.ts missing from a tarball, a broken one, or
 * one that names an undeclared dependency fails. The standard library and @types/node
 * declarations are loaded but not checked themselves (what `tsc` does besides): they say nothing
 * about our packaging and were two thirds of the step's CPU.
 */
function typeCheckConsumer(entry: string): { checked: string[]; errors: string[] } {
  const program = ts.createProgram([entry], {
    noEmit: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
    types: ['node'],
  });
  const ours = program.getSourceFiles().filter((file) => file.fileName === entry || file.fileName.includes('/node_modules/@iggy-node/'));
  const diagnostics = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...ours.flatMap((file) => program.getSemanticDiagnostics(file)),
  ];
  const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (name) => name, getCurrentDirectory: () => REPO_ROOT, getNewLine: () => '\n' };
  return { checked: ours.map((file) => file.fileName), errors: diagnostics.map((diagnostic) => ts.formatDiagnostic(diagnostic, host)) };
}
