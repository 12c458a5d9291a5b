// Lines per second through pino into the file log: pino's own sync destination (before
// rotation existed) against RotatingFileDestination (one write + one fstat per line), with
// rotation at 10 MB and retention pruning. Run after `npm run build`:
//   node benchmarks/log-destination-bench.mjs
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { RotatingFileDestination } from '../packages/server/dist/src/logging/rotating-file-destination.js';

const LINES = 200_000;
const ROUNDS = 3;

function run(name, makeStream) {
  const directory = mkdtempSync(join(tmpdir(), 'log-bench-'));
  const stream = makeStream(join(directory, 'iggy-server.log'));
  const logger = pino({ base: { pid: process.pid, thread: 'bench' }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
  const started = process.hrtime.bigint();
  for (let i = 0; i < LINES; i += 1) logger.info({ clientId: i, code: 101 }, 'a typical request log line');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rmSync(directory, { recursive: true, force: true });
  return { name, linesPerSecond: Math.round(LINES / seconds) };
}

const results = {};
for (let round = 0; round < ROUNDS; round += 1) {
  for (const { name, linesPerSecond } of [
    run('pino.destination sync', (path) => pino.destination({ dest: path, sync: true, append: true })),
    run('rotating, no limit', (path) => new RotatingFileDestination(path, { maxFileSizeBytes: 0, maxTotalSizeBytes: 0, retentionMs: 0 }, 'bench')),
    run('rotating, 10 MB files, 50 MB total', (path) => new RotatingFileDestination(path, { maxFileSizeBytes: 10_000_000, maxTotalSizeBytes: 50_000_000, retentionMs: 0 }, 'bench')),
  ]) {
    (results[name] ??= []).push(linesPerSecond);
  }
}
const baseline = Math.max(...results['pino.destination sync']);
for (const [name, values] of Object.entries(results)) {
  const best = Math.max(...values);
  console.log(`${name.padEnd(36)} best of ${ROUNDS}: ${best.toLocaleString('en-US')} lines/s (${(best / baseline).toFixed(2)}x)`);
}
