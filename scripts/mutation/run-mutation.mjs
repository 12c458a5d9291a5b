#!/usr/bin/env node
// `npm run test:mutation [-- <target> [--mutate <glob>[,<file:lines>...]]]`: StrykerJS over one target of
// scripts/mutation/targets.mjs (default: every target, one after another). Not part of CI: it
// takes tens of minutes. Concurrency defaults to 1 (IGGY_MUTATION_CONCURRENCY) because the
// build machines are shared; reports go to reports/mutation/<target>.{json,html}.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGETS } from './targets.mjs';

const root = new URL('../..', import.meta.url).pathname;
const args = process.argv.slice(2);
const mutateAt = args.indexOf('--mutate');
const mutateOverride = mutateAt >= 0 ? args.splice(mutateAt, 2)[1] : undefined;
const names = args.length > 0 ? args : Object.keys(TARGETS);
for (const name of names) {
  if (!TARGETS[name]) {
    console.error(`unknown target ${name}; known: ${Object.keys(TARGETS).join(', ')}`);
    process.exit(2);
  }
}

const configDir = join(root, '.stryker-tmp');
mkdirSync(configDir, { recursive: true });
let failed = false;
for (const name of names) {
  const target = TARGETS[name];
  // IGGY_MUTATION_REPORT names the report (default: the target), so a re-run of some lines
  // does not overwrite the report of a full run still going.
  const report = process.env.IGGY_MUTATION_REPORT ?? name;
  const config = {
    $schema: '../node_modules/@stryker-mutator/core/schema/stryker-schema.json',
    testRunner: 'command',
    commandRunner: { command: `node scripts/mutation/run-in-process.mjs ${target.tests.join(' ')}` },
    buildCommand: target.build,
    // --mutate takes comma-separated globs or line ranges (file.ts:10-20), e.g. to re-judge survivors.
    mutate: mutateOverride ? mutateOverride.split(',') : target.mutate,
    coverageAnalysis: 'off',
    // Instrumented TypeScript is compiled without type checks (Stryker adds @ts-nocheck).
    disableTypeChecks: 'packages/*/src/**/*.ts',
    concurrency: Number(process.env.IGGY_MUTATION_CONCURRENCY ?? '1'),
    // Added to the dry run's time (x timeoutFactor) before a mutant counts as a timeout (a hang).
    timeoutMS: Number(process.env.IGGY_MUTATION_TIMEOUT_MS ?? '60000'),
    timeoutFactor: 2,
    reporters: ['clear-text', 'progress', 'json', 'html'],
    jsonReporter: { fileName: `reports/mutation/${report}.json` },
    htmlReporter: { fileName: `reports/mutation/${report}.html` },
    ignorePatterns: ['local_data', 'reports', 'benchmarks/results', '.stryker-tmp'],
    tempDirName: '.stryker-tmp',
    cleanTempDir: 'always',
  };
  const configPath = join(configDir, `stryker.${report}.config.json`);
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  console.log(`\n=== mutation target ${name}: ${config.mutate.join(', ')} ===`);
  // The sandbox lives in .stryker-tmp/, so tests cannot find ../shared relative to themselves.
  const env = { ...process.env, IGGY_REFERENCE_DIR: process.env.IGGY_REFERENCE_DIR ?? join(root, '..', 'shared', 'reference') };
  const result = spawnSync('npx', ['stryker', 'run', configPath], { cwd: root, stdio: 'inherit', env });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
