#!/usr/bin/env node
// Committed launcher so `npm install` can link the `iggy` command before the TypeScript
// build has produced dist/ (npm skips bin links whose target does not exist yet).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/src/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('iggy is not built yet: run `npm run build` at the repository root first\n');
  process.exit(2);
}
await import(cli.href);
