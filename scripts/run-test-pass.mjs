#!/usr/bin/env node
// One pass of `npm test`: node:test's runner (the run() API of `node --test`) over the files
// given, in the order given. `node --test <files>` sorts its files on Node 20, which is why
// run-tests.mjs starts passes through this script: it orders the files longest first.
//
//   node --test-timeout=<ms> scripts/run-test-pass.mjs <concurrency> <spec|tap> <file>...
//
// Each file runs in its own process, as with `node --test` (--test-timeout reaches them through
// this process's execArgv, as it does from the CLI); the reporter prints the same lines and the
// same summary. Exit status 1 when a test or a file failed (todo tests excepted), as `node --test`.
import { readdirSync, readFileSync } from 'node:fs';
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';

const [concurrencyText, reporterName, ...files] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
if (!Number.isInteger(concurrency) || concurrency < 1 || (reporterName !== 'spec' && reporterName !== 'tap') || files.length === 0) {
  console.error('usage: node --test-timeout=<ms> scripts/run-test-pass.mjs <concurrency> <spec|tap> <file>...');
  process.exit(2);
}

/** The per-file timeout: the --test-timeout this process was started with (the files get it too). */
const timeoutArg = process.execArgv.find((arg) => arg.startsWith('--test-timeout='));
const timeout = timeoutArg ? Number(timeoutArg.slice('--test-timeout='.length)) : Infinity;

// Stopped by a signal (Ctrl-C reaches every process of the group; a SIGTERM sent to run-tests.mjs
// reaches only this one): pass it on to the test files still running, whose harness stops their
// servers, and fail. node:test keeps the files' processes to itself; Linux lists them in /proc.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    process.exitCode = signal === 'SIGINT' ? 130 : 143;
    for (const pid of childPids()) {
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  });
}

function childPids() {
  try {
    return readdirSync('/proc/self/task').flatMap((tid) =>
      readFileSync(`/proc/self/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
    );
  } catch {
    return [];
  }
}

let failed = false;
const stream = run({ files, concurrency, timeout });
stream.on('test:fail', (event) => {
  if (!event.todo) failed = true;
});
stream.compose(reporterName === 'spec' ? new spec() : tap).pipe(process.stdout);
process.on('exit', () => {
  if (failed && !process.exitCode) process.exitCode = 1;
});
