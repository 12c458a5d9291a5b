/** A command line the CLI refuses before talking to the server (bad flag value, conflicting flags). */
export class CliArgsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliArgsError';
  }
}
