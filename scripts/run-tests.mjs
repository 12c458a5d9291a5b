#!/usr/bin/env node
// Runs every compiled test file (packages/*/dist/test/**/*.test.js) with node:test.
// Node 20's `node --test` takes no globs, so this script finds the files and passes them on.
// Filters: `node scripts/run-tests.mjs protocol storage` keeps files whose path contains a word.
// IGGY_TEST_SHARDS=2 makes the test harness start servers with two shards; IGGY_TEST_TRANSPORT=ws
// (or quic, or http) makes its clients use that transport. A full run (no filter, no
// IGGY_TEST_TRANSPORT) runs the client-facing integration suites again over each transport of
// IGGY_TEST_MATRIX (default "ws,http"; .ci/run sets "ws,http,quic"): the transport matrix. In the
// http pass the harness client speaks the HTTP API (IggyHttpClient); what Iggy 0.7 has only in the
// binary protocol (group membership, get_me, heartbeats, raw frames) uses a TCP client or is
// skipped with a "binary-only: …" reason (helpers/test-transport.ts).
// Every test gets a default timeout (IGGY_TEST_TIMEOUT_MS, default 600 s, applied per test and per
// file; a test may set its own), so a deadlock fails that test instead of hanging CI.
// Scheduling (issue 18): each pass starts its longest files first (test-file-costs.mjs), and the
// matrix passes run one after another ALONGSIDE the TCP pass, IGGY_TEST_MATRIX_CONCURRENCY files at
// a time (default 1), their output kept and printed whole, pass by pass, once the TCP pass is done;
// so no pass ends with one core idle while its last file runs. Each pass is node:test's runner
// (run-test-pass.mjs) and prints its own summary; the exit status is non-zero if any pass failed.
import { spawn } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { orderByCost, TEST_FILE_COSTS_S } from './test-file-costs.mjs';

const root = new URL('..', import.meta.url).pathname;
const filters = process.argv.slice(2);

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

// @iggy-node/protocol is imported as one bundled module (packages/protocol/scripts/bundle.mjs);
// after a bare `tsc -b` it is older than the modules it is made from: remake it, never test stale code.
const protocolBundle = await import('../packages/protocol/scripts/bundle.mjs');
if (protocolBundle.bundleIsStale()) {
  console.log('# run-tests: remaking the protocol bundle (packages/protocol/dist/src is newer)');
  await protocolBundle.bundleProtocol();
}
const files = [];
for (const pkg of readdirSync(join(root, 'packages'))) {
  const testDir = join(root, 'packages', pkg, 'dist', 'test');
  if (existsSync(testDir)) walk(testDir, files);
}
const selected = files.filter((f) => filters.length === 0 || filters.some((w) => f.includes(w))).sort();
if (selected.length === 0) {
  console.error('no test files found; run `npm run build` first');
  process.exit(1);
}
const concurrency = process.env.IGGY_TEST_CONCURRENCY ?? '2';
/**
 * Node 20 applies --test-timeout to each test AND to each file as a whole (a file is one test of
 * the runner), so it cannot be below the longest per-test timeout a file sets (restart.test:
 * 600 s). A hang fails after 10 min, inside CI's budget, instead of hanging CI.
 */
const timeoutMs = process.env.IGGY_TEST_TIMEOUT_MS ?? '600000';
const matrixConcurrency = process.env.IGGY_TEST_MATRIX_CONCURRENCY ?? '1';
/** Pass processes still running, stopped with us on SIGINT/SIGTERM. */
const children = new Set();
/** What `node --test` picks when no reporter is named. */
const reporter = process.stdout.isTTY ? 'spec' : 'tap';
/**
 * Starts one pass over `paths`, longest files first. `live`: its output goes straight to ours;
 * otherwise it is kept (a pass prints ~100 KB) for `output()`. `done` resolves with its exit status.
 */
function startPass(paths, { env = {}, passConcurrency = concurrency, live = true } = {}) {
  const args = [`--test-timeout=${timeoutMs}`, join(root, 'scripts', 'run-test-pass.mjs'), passConcurrency, reporter, ...orderByCost(paths, root)];
  const child = spawn(process.execPath, args, {
    stdio: live ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    cwd: root,
    env: { ...process.env, ...env },
  });
  children.add(child);
  const chunks = [];
  if (!live) {
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.stderr.on('data', (chunk) => chunks.push(chunk));
  }
  const done = new Promise((resolve) => {
    child.once('error', (error) => {
      chunks.push(Buffer.from(`run-tests: could not start a pass: ${error.message}\n`));
      resolve(1);
    });
    child.once('close', (code) => {
      children.delete(child);
      resolve(code ?? 1);
    });
  });
  return { done, output: () => Buffer.concat(chunks) };
}
/**
 * The transport matrix re-runs the integration suites whose clients speak the harness transport
 * (IGGY_TEST_TRANSPORT): messages, consumer groups, partitioning, users and permissions, shards,
 * server commands. Suites of machinery that does not depend on the client's transport run once,
 * over TCP: the HTTP API and each transport's own tests, raw-socket wire fixtures and bad input,
 * TCP TLS, storage durability (crash, restart, recovery, retention, faults), settings, metrics
 * and telemetry export, packaging and the embedded server.
 */
const TRANSPORT_INDEPENDENT_SUITES = [
  'http', 'websocket', 'quic', 'wire', 'protocol', 'tls',
  'storage', 'recovery', 'retention', 'faults', 'settings', 'observability', 'packaging', 'embed',
];
const matrixSuites = selected.filter((f) => {
  const at = f.indexOf(join('server', 'dist', 'test', 'integration') + '/');
  if (at < 0) return false;
  const suite = f.slice(at).split('/')[4];
  return !TRANSPORT_INDEPENDENT_SUITES.includes(suite);
});
const matrixTransports = (process.env.IGGY_TEST_MATRIX ?? 'ws,http').split(',').filter((t) => t !== '' && t !== 'tcp');
if (filters.length === 0) {
  for (const listed of Object.keys(TEST_FILE_COSTS_S)) {
    if (!files.includes(join(root, listed))) console.log(`# run-tests: ${listed} is in scripts/test-file-costs.mjs but was not found`);
  }
}
const matrixPasses = [];
if (filters.length === 0 && !process.env.IGGY_TEST_TRANSPORT) {
  for (const transport of matrixTransports) {
    // QUIC needs the native endpoint (.ci/run builds it; see packages/quic-native).
    if (transport === 'quic' && !existsSync(join(root, 'packages', 'quic-native', 'native', 'libiggy_quic.so'))) {
      matrixPasses.push({ transport, skipped: '# transport matrix: QUIC skipped, the native endpoint is not built (packages/quic-native)' });
    } else {
      matrixPasses.push({ transport });
    }
  }
}
// The matrix passes, one after another, beside the TCP pass.
let previous = Promise.resolve();
for (const pass of matrixPasses) {
  if (pass.skipped) continue;
  pass.result = previous.then(async () => {
    const run = startPass(matrixSuites, { env: { IGGY_TEST_TRANSPORT: pass.transport }, passConcurrency: matrixConcurrency, live: false });
    return { status: await run.done, output: run.output() };
  });
  previous = pass.result;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of children) child.kill(signal);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}
let status = await startPass(selected).done;
for (const pass of matrixPasses) {
  if (pass.skipped) {
    console.log(pass.skipped);
    continue;
  }
  console.log(`# transport matrix: server integration suites again over ${pass.transport} (IGGY_TEST_TRANSPORT=${pass.transport})`);
  const { status: passStatus, output } = await pass.result;
  process.stdout.write(output);
  status = passStatus || status;
}
process.exit(status);
