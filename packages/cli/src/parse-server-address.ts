import { CliArgsError } from './args/cli-args-error.js';

/** "host:port" or "[v6]:port" into its parts. */
export function parseServerAddress(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(text.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || port < 1 || port > 65_535) throw new CliArgsError(`invalid server address "${text}" (expected host:port)`);
  return { host: (match[1] ?? match[2])!, port };
}
