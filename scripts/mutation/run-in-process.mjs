#!/usr/bin/env node
// Runs compiled node:test files in ONE process (node:test runs what they register and sets a
// failing exit code). Used as Stryker's per-mutant test command: one process start per mutant
// instead of one per test file, which matters on a shared 2-core machine.
// The files are loaded by one module that imports them all statically, so every file's
// top-level hooks (beforeEach/afterEach, which node:test applies to every test of the process)
// are registered before the first test runs; imported one after another, the first file's tests
// could start while a later file's afterEach was registered but not its beforeEach.
// Usage: node scripts/mutation/run-in-process.mjs <compiled test file> ...
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: run-in-process.mjs <test file> ...');
  process.exit(2);
}
const source = files.map((file) => `import ${JSON.stringify(pathToFileURL(resolve(file)).href)};`).join('\n');
await import(`data:text/javascript,${encodeURIComponent(source)}`);
