import { humanizeRecord } from './humanize.js';
import { renderTable } from './render-table.js';
import { toPlain } from './to-plain.js';

export type OutputFormat = 'table' | 'json';

/** Where the CLI writes; the entry point passes the process streams, tests pass collectors. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The whole standard input as text (message send without message arguments). */
  readStdin(): Promise<string>;
  /** The whole standard input as bytes (message send --input-file -); default: readStdin's text. */
  readStdinBytes?(): Promise<Buffer>;
  /** Environment for IGGY_* defaults, IGGY_HOME, NO_COLOR; runCli's `env` argument. */
  env?: NodeJS.ProcessEnv;
  /** ANSI colours: only when stdout is a terminal and NO_COLOR is unset (decided by the entry point). */
  colors?: boolean;
  /** Resolves when the user interrupts (Ctrl-C), for commands that run until then (poll --follow). */
  interrupted?: Promise<void>;
}

const BOLD = ['\u001b[1m', '\u001b[22m'] as const;
const GREEN = ['\u001b[32m', '\u001b[39m'] as const;

/**
 * Prints command results as a human-readable table (default: dates, sizes, enum names) or as
 * JSON (`--output json`, raw values, one document per command, bigints as strings). Status lines
 * ("Stream created") go to stderr in JSON mode so stdout stays parseable, and are dropped by --quiet.
 */
export class Output {
  constructor(
    readonly io: CliIo,
    readonly format: OutputFormat,
    readonly quiet: boolean,
  ) {}

  #paint(text: string, [on, off]: readonly [string, string]): string {
    return this.io.colors ? `${on}${text}${off}` : text;
  }

  /** A status line for people. */
  info(text: string): void {
    if (this.quiet) return;
    if (this.format === 'json') this.io.stderr(`${text}\n`);
    else this.io.stdout(`${this.#paint(text, GREEN)}\n`);
  }

  /** One object: a property/value table, or the object as JSON. */
  record(value: object): void {
    if (this.format === 'json') return this.#json(value);
    const rows = Object.entries(humanizeRecord(value)).map(([key, entry]) => [key, entry]);
    this.io.stdout(`${this.#table(['property', 'value'], rows)}\n`);
  }

  /** A list: one row per item with the given columns, or the list as a JSON array. */
  list(items: readonly object[], columns: readonly string[]): void {
    if (this.format === 'json') return this.#json(items);
    const rows = items.map((item) => {
      const human = humanizeRecord(Object.fromEntries(columns.map((column) => [column, (item as Record<string, unknown>)[column]])));
      return columns.map((column) => human[column]);
    });
    this.io.stdout(`${this.#table(columns, rows)}\n`);
  }

  #table(columns: readonly string[], rows: unknown[][]): string {
    const table = renderTable(columns, rows);
    if (!this.io.colors) return table;
    const lines = table.split('\n');
    lines[1] = this.#paint(lines[1]!, BOLD);
    return lines.join('\n');
  }

  #json(value: unknown): void {
    this.io.stdout(`${JSON.stringify(toPlain(value), null, 2)}\n`);
  }
}
