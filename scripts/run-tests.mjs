#!/usr/bin/env node
// Runs every compiled test file (packages/*/dist/test/**/*.test.js) with node:test.
// Node 20's `node --test` takes no globs, so this script finds the files and passes them on.
// Filters: `node scripts/run-tests.mjs protocol storage` keeps files whose path contains a word.
// IGGY_TEST_SHARDS=2 makes the test harness start servers with two shards; IGGY_TEST_TRANSPORT=ws
// makes its clients use WebSocket. A full run (no filter, no IGGY_TEST_TRANSPORT) runs the
// integration suite a second time over WebSocket: the transport matrix.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

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
const run = (paths, env = {}) =>
  spawnSync(process.execPath, ['--test', `--test-concurrency=${concurrency}`, ...paths], { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } }).status ?? 1;
let status = run(selected);
if (filters.length === 0 && !process.env.IGGY_TEST_TRANSPORT) {
  console.log('# transport matrix: server integration suite again over WebSocket (IGGY_TEST_TRANSPORT=ws)');
  status = run(selected.filter((f) => f.includes(join('server', 'dist', 'test', 'integration'))), { IGGY_TEST_TRANSPORT: 'ws' }) || status;
}
process.exit(status);
