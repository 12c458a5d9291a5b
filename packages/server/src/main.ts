#!/usr/bin/env node
/**
 * Server entry point: parse arguments, load configuration, prepare the data directory, start
 * the coordinator. Nothing else lives here.
 */
import { bootstrap } from './bootstrap.js';

bootstrap(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`iggy-server: ${message}\n`);
  process.exit(1);
});
