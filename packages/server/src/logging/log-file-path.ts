import { join, resolve } from 'node:path';
import type { ServerConfig } from '../config/server-config.js';
import type { LogRotationOptions } from './rotating-file-destination.js';

export const LOG_FILE_NAME = 'iggy-server.log';

/**
 * The log file for `[system.logging]`: `{system.path}/{logging.path}/iggy-server.log`, or
 * undefined when `file_enabled` is false. Rotation: see logRotationOf and rotating-file-destination.ts.
 */
export function logFilePath(config: ServerConfig, cwd: string = process.cwd()): string | undefined {
  if (!config.system.logging.file_enabled) return undefined;
  return join(resolve(cwd, config.system.path, config.system.logging.path), LOG_FILE_NAME);
}

/** The rotation settings of `[system.logging]`, in the units RotatingFileDestination takes. */
export function logRotationOf(config: ServerConfig): LogRotationOptions {
  const logging = config.system.logging;
  return { maxFileSizeBytes: logging.max_file_size, maxTotalSizeBytes: logging.max_total_size, retentionMs: logging.retention };
}
