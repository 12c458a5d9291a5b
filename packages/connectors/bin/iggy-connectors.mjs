#!/usr/bin/env node
// Committed launcher so `npm install` can link the `iggy-connectors` command before the TypeScript
// build has produced dist/ (npm skips bin links whose target does not exist yet).
import { existsSync } from 'node:fs';

const main = new URL('../dist/src/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('iggy-connectors is not built yet: run `npm run build` at the repository root first\n');
  process.exit(2);
}
await import(main.href);
