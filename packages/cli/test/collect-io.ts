import type { CliIo } from '../src/output/output.js';

/** A CliIo that records what the CLI writes, for in-process runs of runCli. */
export function collectIo(stdin = ''): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    readStdin: async () => stdin,
  };
  return io;
}
