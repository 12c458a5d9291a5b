#!/usr/bin/env node
import { buffer, text } from 'node:stream/consumers';
import { runCli } from './run-cli.js';

/**
 * iggy entry: run one command against the process streams and exit with its status.
 * A closed stdout (`iggy ... | head`) ends the command quietly: EPIPE is the reader saying "enough".
 */
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/** How long Ctrl-C waits for the command to wind down (poll --follow ends cleanly) before exiting anyway. */
const INTERRUPT_GRACE_MS = 1000;

const interrupted = new Promise<void>((resolve) => {
  process.once('SIGINT', () => {
    resolve();
    setTimeout(() => process.exit(130), INTERRUPT_GRACE_MS).unref();
  });
});

runCli(process.argv.slice(2), {
  stdout: (chunk) => {
    if (!process.stdout.destroyed) process.stdout.write(chunk);
  },
  stderr: (chunk) => process.stderr.write(chunk),
  readStdin: () => text(process.stdin),
  readStdinBytes: () => buffer(process.stdin),
  colors: process.stdout.isTTY === true && !process.env['NO_COLOR'] && process.env['TERM'] !== 'dumb',
  interrupted,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
