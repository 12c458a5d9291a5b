#!/usr/bin/env node
import { BenchArgsError } from './args/bench-args-error.js';
import { IggyError } from '@iggy-node/sdk';
import { USAGE, fullHelp, parseArgs } from './args/parse-args.js';
import { renderTable } from './report/render-table.js';
import { writeReport } from './report/write-report.js';
import { runBenchmark } from './runner/run-benchmark.js';

/** iggy-bench entry: parse, run, print the table, write the JSON and HTML reports. */
async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    console.log(fullHelp());
    return argv.length === 0 ? 2 : 0;
  }
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof BenchArgsError) {
      console.error(`error: ${error.message}\n${USAGE}\nRun iggy-bench --help for every option and its default.`);
      return 2;
    }
    throw error;
  }
  let report;
  try {
    report = await runBenchmark(args);
  } catch (error) {
    // The server said no (login, permissions, a full disk): its message is the story, not our stack.
    if (IggyError.is(error)) {
      console.error(`error ${error.code} ${error.codeName}: ${error.message.replace(` (${error.codeName}, ${error.code})`, "")}`);
      return 1;
    }
    throw error;
  }
  console.log(renderTable(report));
  const { jsonPath, htmlPath } = writeReport(report, args.outputDir);
  console.log(`report: ${jsonPath}\n        ${htmlPath}`);
  return report.errors.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  },
);
