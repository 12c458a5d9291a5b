#!/usr/bin/env node
/**
 * The `iggy-server` command's entry. Importing this module starts nothing: it runs only when it
 * is the process's entry script (`node dist/src/main.js`) or when bin/iggy-server.mjs calls
 * runServerCommand(). Embedding: import { startServer } from '@iggy-node/server'.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bootstrap } from './bootstrap.js';

export function runServerCommand(argv: string[]): void {
  bootstrap(argv).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`iggy-server: ${message}\n`);
    process.exit(1);
  });
}

function isEntryScript(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryScript()) runServerCommand(process.argv.slice(2));
