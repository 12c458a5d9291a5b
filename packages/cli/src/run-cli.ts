import yargs, { type Argv } from 'yargs';
import type { IggyError } from '@iggy-node/sdk';
import { CliArgsError } from './args/cli-args-error.js';
import { ALL_COMMANDS } from './commands/all-commands.js';
import { globalOptions, type GlobalArgs } from './global-options.js';
import type { CliIo } from './output/output.js';

export const CLI_VERSION = '0.7.0';

const RED = ['\u001b[31m', '\u001b[39m'] as const;

/** "error 1009 stream_id_not_found: Stream not found: stream 7" (the code and name come first for scripts). */
export function formatIggyError(error: IggyError): string {
  const message = error.message.replace(` (${error.codeName}, ${error.code})`, '');
  return `error ${error.code} ${error.codeName}: ${message}`;
}

/**
 * Parses `argv` and runs the command. Resolves the exit status: 0 done, 1 the server or the
 * connection failed (IggyError), 2 the command line was refused.
 */
export async function runCli(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const boundIo: CliIo = { ...io, env };
  const paint = (text: string) => (io.colors ? `${RED[0]}${text}${RED[1]}` : text);
  let parser = yargs([...argv])
    .scriptName('iggy')
    .usage('iggy <resource> <command> [options]')
    .options(globalOptions()) as unknown as Argv<GlobalArgs>;
  for (const command of ALL_COMMANDS) parser = command.register(parser, boundIo);
  parser = parser
    .demandCommand(1, 'choose a command')
    .strict()
    .recommendCommands()
    // Enables `iggy --get-yargs-completions <words>`, which the `iggy completion <shell>` scripts call.
    .completion('__complete', false)
    .version(CLI_VERSION)
    .alias('version', 'V')
    .help()
    .alias('help', 'h')
    .wrap(Math.min(120, process.stdout.columns ?? 100))
    .epilogue('Contexts and login sessions live in $IGGY_HOME (default ~/.iggy). Shell completion: iggy completion bash|zsh|fish.')
    .exitProcess(false)
    // Every failure goes through the catch below, so it is printed once and in one format.
    .fail((message, error) => {
      throw error ?? new CliArgsError(message);
    });
  skipHelpPrerender(parser);
  try {
    await parser.parseAsync();
    return 0;
  } catch (error) {
    if (error instanceof CliArgsError) {
      io.stderr(`${paint(`error: ${error.message}`)}\nRun with --help for usage.\n`);
      return 2;
    }
    // Loaded here, not at start-up: a command that refused its arguments never needs the SDK.
    const { IggyError } = await import('@iggy-node/sdk');
    if (IggyError.is(error)) {
      io.stderr(`${paint(formatIggyError(error))}\n`);
      return 1;
    }
    throw error;
  }
}

interface YargsInternals {
  getInternalMethods?(): { getUsageInstance?(): { cacheHelpMessage?(): void } };
}

/**
 * Before it runs a command's handler, yargs renders that command's whole help text and keeps it
 * for a later showHelp() (usage.cacheHelpMessage): wrapping every line costs about a sixth of a
 * command's start-up, and this CLI never shows help once a command runs (failures go through
 * .fail() above). `--help` renders the text itself, unchanged. The hook is yargs-internal (yargs
 * is pinned); if it is absent, nothing changes but the cost.
 */
function skipHelpPrerender(parser: Argv<GlobalArgs>): void {
  const usage = (parser as unknown as YargsInternals).getInternalMethods?.().getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === 'function') usage.cacheHelpMessage = () => {};
}
