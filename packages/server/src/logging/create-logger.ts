import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pino, { type DestinationStream, type Level, type Logger, type StreamEntry } from 'pino';
import { levelForTarget, mostVerboseLevel, parseLogDirectives, type LogDirectives } from './log-level.js';
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
  /**
   * The thread's log target (`server::coordinator`, `server::shard`), matched against the
   * level's `target=level` directives; default `server`.
   */
  module?: string;
  /**
   * stdout as JSON lines, or human-readable (pino-pretty, synchronous, colours on a TTY).
   * 'auto' (default): pretty when stdout is a terminal, JSON otherwise (pipes, files, containers).
   */
  format?: 'auto' | 'json' | 'pretty';
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
  const directives = parseLogDirectives(options.level);
  const module = options.module ?? 'server';
  const level = levelForTarget(directives, module);
  // Streams let through what the most verbose directive asks for; each logger filters further.
  const streamLevel: Level = mostVerboseLevel(directives);
  const streams: StreamEntry[] = [];
  if (options.stdout) streams.push({ level: streamLevel, stream: stdoutDestination(options.format ?? 'auto') });
  if (options.filePath !== undefined && options.filePath !== null) {
    mkdirSync(dirname(options.filePath), { recursive: true });
    const stream = options.rotation
      ? new RotatingFileDestination(options.filePath, options.rotation, options.threadName)
      : pino.destination({ dest: options.filePath, sync: true, append: true });
    streams.push({ level: streamLevel, stream });
  }
  // Always a multistream, so a destination can be added later (OpenTelemetry logs start after
  // the logger, once the config is known).
  const multistream = pino.multistream(streams);
  const destination: DestinationStream = multistream;
  const logger = pino(
    {
      level,
      base: { pid: process.pid, thread: options.threadName, module },
      redact: { paths: REDACT_PATHS, censor: REDACT_CENSOR },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
  DIRECTIVES.set(logger, directives);
  DESTINATIONS.set(logger, { multistream, level: streamLevel });
  return logger;
}

const DESTINATIONS = new WeakMap<Logger, { multistream: ReturnType<typeof pino.multistream>; level: Level }>();

/** Sends a thread logger's lines (at its destinations' level) to one more destination as well. */
export function addLogDestination(logger: Logger, stream: DestinationStream): void {
  const target = DESTINATIONS.get(logger);
  if (!target) throw new Error('addLogDestination: not a logger made by createLogger');
  target.multistream.add({ level: target.level, stream });
}

/** Directives of each thread logger, so module loggers derived from it find their level. */
const DIRECTIVES = new WeakMap<Logger, LogDirectives>();

/**
 * A logger for one module (`server::storage`, `server::tcp`, ...): lines carry `module`, and
 * its level follows the most specific `target=level` directive (`warn,server::storage=debug`).
 */
export function moduleLogger(parent: Logger, module: string): Logger {
  const directives = DIRECTIVES.get(parent);
  const level = directives ? levelForTarget(directives, module) : parent.level;
  const child = parent.child({ module }, { level });
  if (directives) DIRECTIVES.set(child, directives);
  return child;
}

function stdoutDestination(format: 'auto' | 'json' | 'pretty'): DestinationStream {
  const pretty = format === 'pretty' || (format === 'auto' && process.stdout.isTTY === true);
  if (!pretty) return pino.destination({ dest: 1, sync: true });
  // Loaded only here: servers under a supervisor or in a container log JSON and should not pay
  // its start-up cost (about a tenth of a shard's). require, because createLogger is synchronous.
  const pinoPretty = createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty');
  // Synchronous like the JSON destination, so a crash loses no line; colours only on a terminal.
  return pinoPretty({ sync: true, destination: 1, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}
