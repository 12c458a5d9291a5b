/** A command-line problem: the CLI prints the message and exits 2, as clap does for usage errors. */
export class BenchArgsError extends Error {
  override name = 'BenchArgsError';
}
