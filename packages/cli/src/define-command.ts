import type { ArgumentsCamelCase, Argv } from 'yargs';
import { CommandContext } from './command-context.js';
import type { GlobalArgs } from './global-options.js';
import type { CliIo } from './output/output.js';

/** A command that can add itself to a yargs parser; the io is bound when the parser is built. */
export interface CliCommand {
  register(parent: Argv<GlobalArgs>, io: CliIo): Argv<GlobalArgs>;
}

export interface CommandSpec<U> {
  /** yargs command string, e.g. "create <name>". */
  command: string;
  describe: string;
  /** Other names, as Iggy's visible aliases ("ctx" for context, "li" for login). */
  aliases?: readonly string[];
  builder: (yargs: Argv<GlobalArgs>) => Argv<U>;
  run: (args: ArgumentsCamelCase<U>, context: CommandContext) => Promise<void>;
}

/** One verb: its arguments are typed by the builder, and the connection is closed however run() ends. */
export function defineCommand<U>(spec: CommandSpec<U>): CliCommand {
  return {
    register: (parent, io) =>
      parent.command<U>({
        command: spec.command,
        aliases: spec.aliases ? [...spec.aliases] : [],
        describe: spec.describe,
        builder: spec.builder,
        handler: async (args) => {
          const context = new CommandContext(args as unknown as GlobalArgs, io);
          try {
            await spec.run(args, context);
          } finally {
            await context.close();
          }
        },
      }),
  };
}

/** A resource (`stream`, `topic`, ...) whose verbs are subcommands. */
export function defineResource(name: string, describe: string, verbs: readonly CliCommand[], aliases: readonly string[] = []): CliCommand {
  return {
    register: (parent, io) =>
      parent.command([name, ...aliases], describe, (yargs) => {
        let inner = yargs;
        for (const verb of verbs) inner = verb.register(inner, io);
        return inner.demandCommand(1, `choose a ${name} command`);
      }),
  };
}
