import { renderTable } from './render-table.js';
import { toPlain } from './to-plain.js';

export type OutputFormat = 'table' | 'json';

/** Where the CLI writes; the entry point passes the process streams, tests pass collectors. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The whole standard input (message send without message arguments). */
  readStdin(): Promise<string>;
}

/**
 * Prints command results as a table (default) or as JSON (`--output json`, one document per
 * command, bigints as strings). Status lines ("Stream created") go to stderr in JSON mode so
 * stdout stays parseable, and are dropped by --quiet.
 */
export class Output {
  constructor(
    readonly io: CliIo,
    readonly format: OutputFormat,
    readonly quiet: boolean,
  ) {}

  /** A status line for people. */
  info(text: string): void {
    if (this.quiet) return;
    if (this.format === 'json') this.io.stderr(`${text}\n`);
    else this.io.stdout(`${text}\n`);
  }

  /** One object: a property/value table, or the object as JSON. */
  record(value: object): void {
    if (this.format === 'json') return this.#json(value);
    const rows = Object.entries(value).map(([key, entry]) => [key, entry]);
    this.io.stdout(`${renderTable(['property', 'value'], rows)}\n`);
  }

  /** A list: one row per item with the given columns, or the list as a JSON array. */
  list(items: readonly object[], columns: readonly string[]): void {
    if (this.format === 'json') return this.#json(items);
    const rows = items.map((item) => columns.map((column) => (item as Record<string, unknown>)[column]));
    this.io.stdout(`${renderTable(columns, rows)}\n`);
  }

  #json(value: unknown): void {
    this.io.stdout(`${JSON.stringify(toPlain(value), null, 2)}\n`);
  }
}
