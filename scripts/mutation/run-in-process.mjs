#!/usr/bin/env node
// Runs compiled node:test files in ONE process (import each; node:test runs what they register
// and sets a failing exit code). Used as Stryker's per-mutant test command: one process start per
// mutant instead of one per test file, which matters on a shared 2-core machine.
// Usage: node scripts/mutation/run-in-process.mjs <compiled test file> ...
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: run-in-process.mjs <test file> ...');
  process.exit(2);
}
for (const file of files) await import(pathToFileURL(resolve(file)).href);
