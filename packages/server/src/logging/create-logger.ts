import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import pino, { type DestinationStream, type Level, type Logger, type StreamEntry } from 'pino';
import { toPinoLevel } from './log-level.js';
import { REDACT_CENSOR, REDACT_PATHS } from './redact-paths.js';
import { RotatingFileDestination, type LogRotationOptions } from './rotating-file-destination.js';

export interface CreateLoggerOptions {
  /**
   * `system.logging.level` as configured (Iggy form: "info", "off", "warn,server=debug") or a
   * pino level; converted with toPinoLevel.
   */
  level: string;
  /** Also append JSON lines to this file (created with its directory); see logFilePath. */
  filePath?: string | null;
  /** Write JSON lines to stdout. */
  stdout: boolean;
  /** Added to every line as `thread` ("coordinator", "shard-0", ...). */
  threadName: string;
  /** Size-based rotation of the file ([system.logging] max_file_size, max_total_size, retention). */
  rotation?: LogRotationOptions;
}

/**
 * Creates the logger for one thread. Each thread (coordinator and every shard worker) calls this
 * once: destinations are synchronous SonicBoom streams on the thread's own file descriptors, so a
 * line is written before the call returns, nothing is lost when a worker crashes, and no
 * pino.transport() helper threads are started (one per shard would double the thread count).
 * Several threads may append to the same file: each line is one write() to an O_APPEND
 * descriptor, so lines do not interleave.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const level = toPinoLevel(options.level);
  // multistream needs a real level per stream; with 'silent' the logger itself drops every line.
  const streamLevel: Level = level === 'silent' ? 'fatal' : level;
  const streams: StreamEntry[] = [];
  if (options.stdout) streams.push({ level: streamLevel, stream: pino.destination({ dest: 1, sync: true }) });
  if (options.filePath !== undefined && options.filePath !== null) {
    mkdirSync(dirname(options.filePath), { recursive: true });
    const stream = options.rotation
      ? new RotatingFileDestination(options.filePath, options.rotation, options.threadName)
      : pino.destination({ dest: options.filePath, sync: true, append: true });
    streams.push({ level: streamLevel, stream });
  }
  const destination: DestinationStream = streams.length > 0 ? pino.multistream(streams) : { write: () => undefined };
  return pino(
    {
      level,
      base: { pid: process.pid, thread: options.threadName },
      redact: { paths: REDACT_PATHS, censor: REDACT_CENSOR },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
