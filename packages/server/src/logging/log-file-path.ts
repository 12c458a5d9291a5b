import { join, resolve } from 'node:path';
import type { ServerConfig } from '../config/server-config.js';

export const LOG_FILE_NAME = 'iggy-server.log';

/**
 * The log file for `[system.logging]`: `{system.path}/{logging.path}/iggy-server.log`, or
 * undefined when `file_enabled` is false. Rotation and retention (max_file_size,
 * max_total_size, retention) are not implemented yet.
 */
export function logFilePath(config: ServerConfig, cwd: string = process.cwd()): string | undefined {
  if (!config.system.logging.file_enabled) return undefined;
  return join(resolve(cwd, config.system.path, config.system.logging.path), LOG_FILE_NAME);
}
