import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { CommandContext } from './command-context.js';
import type { GlobalArgs } from './global-options.js';
import type { CliIo } from './output/output.js';

/** A command that can add itself to a yargs parser; the io is bound when the parser is built. */
export interface CliCommand {
  register(parent: Argv<GlobalArgs>, io: CliIo): Argv<GlobalArgs>;
}

/** What yargs needs of a command once it is chosen: its options (a resource: its verbs), and what it does. */
export interface CommandBody {
  build(yargs: Argv<GlobalArgs>, io: CliIo): Argv<unknown>;
  /** Absent for a resource: one of its verbs runs. */
  run?(args: ArgumentsCamelCase<unknown>, io: CliIo): Promise<void>;
}

/** What `iggy --help` shows of a top-level command, known before its module is loaded. */
export interface CommandHead {
  /** yargs command string, e.g. "completion <shell>"; a resource's name. */
  command: string;
  describe: string;
  /** Other names, as Iggy's visible aliases ("ctx" for context, "li" for login). */
  aliases?: readonly string[];
}

export interface CommandSpec<U> extends CommandHead {
  builder: (yargs: Argv<GlobalArgs>) => Argv<U>;
  run: (args: ArgumentsCamelCase<U>, context: CommandContext) => Promise<void>;
}

/** One verb: its arguments are typed by the builder, and the connection is closed however run() ends. */
export function defineCommand<U>(spec: CommandSpec<U>): CliCommand & CommandBody {
  const run = async (args: ArgumentsCamelCase<U>, io: CliIo) => {
    // Loaded when a command runs: `--help` and a refused command line never need the context and output code.
    const { CommandContext } = await import('./command-context.js');
    const context = new CommandContext(args as unknown as GlobalArgs, io);
    try {
      await spec.run(args, context);
    } finally {
      await context.close();
    }
  };
  return {
    build: (yargs) => spec.builder(yargs) as Argv<unknown>,
    run: (args, io) => run(args as ArgumentsCamelCase<U>, io),
    register: (parent, io) =>
      parent.command<U>({
        command: spec.command,
        aliases: spec.aliases ? [...spec.aliases] : [],
        describe: spec.describe,
        builder: spec.builder,
        handler: (args) => run(args, io),
      }),
  };
}

/** A resource (`stream`, `topic`, ...) whose verbs are subcommands. */
export function defineResource(head: CommandHead, verbs: readonly CliCommand[]): CliCommand & CommandBody {
  const build = (yargs: Argv<GlobalArgs>, io: CliIo) => {
    let inner = yargs;
    for (const verb of verbs) inner = verb.register(inner, io);
    return inner.demandCommand(1, `choose a ${head.command} command`) as Argv<unknown>;
  };
  return {
    build,
    register: (parent, io) => parent.command([head.command, ...(head.aliases ?? [])], head.describe, (yargs) => build(yargs, io)),
  };
}

/**
 * Registers `head` with yargs and imports `load`'s module only when the command runs (or its help
 * is asked for): `iggy --help` or `iggy context list` never load the other commands, nor the SDK
 * that the server commands need.
 */
export function lazyCommand(head: CommandHead, kind: 'command' | 'resource', load: () => Promise<CommandBody>): CliCommand {
  return {
    register: (parent, io) => {
      // yargs (>= 17) awaits a builder's promise (also when it completes a command line for a
      // shell), which @types/yargs does not declare.
      const builder = ((yargs: Argv<GlobalArgs>) => load().then((body) => body.build(yargs, io))) as unknown as (
        yargs: Argv<GlobalArgs>,
      ) => Argv<GlobalArgs>;
      if (kind === 'resource') return parent.command([head.command, ...(head.aliases ?? [])], head.describe, builder);
      return parent.command({
        command: head.command,
        aliases: head.aliases ? [...head.aliases] : [],
        describe: head.describe,
        builder,
        handler: async (args) => (await load()).run!(args, io),
      });
    },
  };
}
