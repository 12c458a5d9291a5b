// Line logger on stderr (stdout is left to the stdout sink's output), one prefix per connector.
import type { ConnectorLogger } from '../plugin-api.js';

export function createLogger(scope: string, verbose = false): ConnectorLogger {
  const write = (level: string, message: string) => process.stderr.write(`${new Date().toISOString()} ${level} ${scope}: ${message}\n`);
  return {
    info: (message) => write('INFO', message),
    warn: (message) => write('WARN', message),
    error: (message) => write('ERROR', message),
    debug: (message) => {
      if (verbose) write('DEBUG', message);
    },
  };
}
