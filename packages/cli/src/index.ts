/**
 * @iggy-node/cli as a library: run the `iggy` command in-process (scripts, tests). Importing it
 * starts nothing; the `iggy` command is bin/iggy.mjs.
 */
export { CLI_VERSION, formatIggyError, runCli } from './run-cli.js';
export type { CliIo, OutputFormat } from './output/output.js';
