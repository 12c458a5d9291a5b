#!/usr/bin/env node
// The reliability suite (issue 13): kill -9 cycles under traffic with a ledger (both ack
// levels), storage faults (FileIo seam and a real tmpfs), a seeded protocol fuzzer, slow and
// silent clients, connection storms. Each scenario records its figures; this script collects
// them. `npm run test:reliability` runs the full scale and writes the figures into
// docs/RELIABILITY.md; `--short` (CI) runs the same scenarios with small numbers and only prints.
// Filters: `node scripts/run-reliability.mjs --short kill fuzz` keeps files whose name has a word.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const short = args.includes('--short');
const filters = args.filter((arg) => !arg.startsWith('--'));
const dir = join(root, 'packages', 'server', 'dist', 'test', 'reliability');
if (!existsSync(dir)) {
  console.error('reliability suite not built; run `npm run build` first');
  process.exit(1);
}
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.rel.js') && (filters.length === 0 || filters.some((word) => name.includes(word))))
  .sort()
  .map((name) => join(dir, name));
const work = mkdtempSync(join(tmpdir(), 'iggy-reliability-'));
const figuresFile = join(work, 'figures.jsonl');
const startedAt = new Date();
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...files], {
  stdio: 'inherit',
  cwd: root,
  env: { ...process.env, RELIABILITY_SCALE: short ? 'short' : 'full', RELIABILITY_FIGURES: figuresFile },
});
const figures = existsSync(figuresFile)
  ? readFileSync(figuresFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
  : [];
rmSync(work, { recursive: true, force: true });

const lines = [
  `Last run: ${startedAt.toISOString()}, scale \`${short ? 'short' : 'full'}\`, exit ${result.status}, ` +
    `${Math.round((Date.now() - startedAt.getTime()) / 1000)} s, machine: ${process.platform} ${process.arch}, ` +
    `node ${process.version}, ${(await import('node:os')).cpus().length} CPUs. Command: \`npm run test:reliability\`.`,
  '',
];
for (const { scenario, scale: _scale, at: _at, ...values } of figures) {
  lines.push(`**${scenario}**`, '', '| figure | value |', '| --- | --- |');
  for (const [key, value] of Object.entries(values)) lines.push(`| ${key} | ${value} |`);
  lines.push('');
}
const block = lines.join('\n');
console.log(`\n${block}`);

if (!short && filters.length === 0) {
  const docPath = join(root, 'docs', 'RELIABILITY.md');
  const doc = readFileSync(docPath, 'utf8');
  const start = '<!-- figures:start -->';
  const end = '<!-- figures:end -->';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from >= 0 && to > from) {
    writeFileSync(docPath, `${doc.slice(0, from + start.length)}\n${block}\n${doc.slice(to)}`);
    console.log(`figures written to ${docPath}`);
  }
}
process.exit(result.status ?? 1);
