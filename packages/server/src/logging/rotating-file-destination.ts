import { closeSync, fstatSync, openSync, readdirSync, renameSync, statSync, unlinkSync, writeSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { DestinationStream } from 'pino';

/**
 * Lines between two looks at the real file size: bounds how far past max_file_size the lines
 * of other threads can push a file before this thread notices (a few KiB at typical line sizes).
 */
const STAT_EVERY_WRITES = 16;

export interface LogRotationOptions {
  /** Bytes after which the file is rotated; 0 = never (system.logging.max_file_size). */
  maxFileSizeBytes: number;
  /** Bytes all log files (rotated and active) may take together; 0 = no limit (max_total_size). */
  maxTotalSizeBytes: number;
  /** Rotated files older than this many milliseconds are removed; 0 = kept (retention). */
  retentionMs: number;
}

/**
 * pino destination for `{logs}/iggy-server.log` with size-based rotation. Every thread
 * (coordinator and each shard) has its own instance on the same path and appends whole lines
 * with one write() to an O_APPEND descriptor, so lines never interleave.
 *
 * Rotation without a coordinator between threads: after each write the writer looks at the
 * size of the file its descriptor points to. At max_file_size, if the path still names that
 * file, it renames it to `iggy-server.log.<time>.<thread>` and opens a fresh one; if another
 * thread already rotated it, it just reopens the path. The lines other threads write between
 * the rename and their reopen land in the rotated file, so nothing is lost. After a rotation
 * the old files are pruned (cleanupLogFiles); LogRetentionTask prunes by age on
 * rotation_check_interval as well.
 */
export class RotatingFileDestination implements DestinationStream {
  readonly path: string;
  readonly #options: LogRotationOptions;
  readonly #threadName: string;
  #fd: number;
  /** File size at the last fstat plus what this thread wrote since (other threads' lines are not in it). */
  #sizeEstimate = 0;
  #writesSinceStat = 0;

  constructor(path: string, options: LogRotationOptions, threadName: string) {
    this.path = path;
    this.#options = options;
    this.#threadName = threadName;
    this.#fd = openSync(path, 'a', 0o640);
    this.#sizeEstimate = fstatSync(this.#fd).size;
  }

  write(line: string): void {
    writeSync(this.#fd, line);
    const max = this.#options.maxFileSizeBytes;
    if (max === 0) return;
    // fstat only when our own estimate reaches the limit, or every few lines to see what the
    // other threads wrote: one fstat per line costs a fifth of the logging throughput.
    this.#sizeEstimate += line.length;
    this.#writesSinceStat += 1;
    if (this.#sizeEstimate < max && this.#writesSinceStat < STAT_EVERY_WRITES) return;
    this.#writesSinceStat = 0;
    this.#sizeEstimate = fstatSync(this.#fd).size;
    if (this.#sizeEstimate >= max) this.#rotate();
  }

  /** Closes the descriptor (tests; a process exit closes it anyway). */
  close(): void {
    closeSync(this.#fd);
  }

  #rotate(): void {
    try {
      const mine = fstatSync(this.#fd);
      const current = statSync(this.path, { throwIfNoEntry: false });
      if (current !== undefined && current.ino === mine.ino && current.dev === mine.dev) renameSync(this.path, this.#rotatedPath());
    } catch {
      // Another thread rotated between our checks, or the directory is gone: reopen anyway.
    }
    const previous = this.#fd;
    this.#fd = openSync(this.path, 'a', 0o640);
    closeSync(previous);
    this.#sizeEstimate = fstatSync(this.#fd).size;
    cleanupLogFiles(this.path, this.#options, Date.now());
  }

  #rotatedPath(): string {
    const stamp = new Date().toISOString().replace(/:/g, '-');
    let candidate = `${this.path}.${stamp}.${this.#threadName}`;
    for (let n = 1; existsSync(candidate); n += 1) candidate = `${this.path}.${stamp}.${this.#threadName}.${n}`;
    return candidate;
  }
}

/**
 * Removes rotated log files (`<active>.*`, never the active file) older than the retention,
 * then the oldest ones while all log files together exceed max_total_size. Returns how many
 * were removed. Several threads may run it at once: a file already gone is skipped.
 */
export function cleanupLogFiles(activePath: string, options: LogRotationOptions, nowMs: number): number {
  const directory = dirname(activePath);
  const prefix = `${basename(activePath)}.`;
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.startsWith(prefix));
  } catch {
    return 0;
  }
  const rotated: { path: string; mtimeMs: number; size: number }[] = [];
  for (const name of names) {
    const info = statSync(join(directory, name), { throwIfNoEntry: false });
    if (info?.isFile()) rotated.push({ path: join(directory, name), mtimeMs: info.mtimeMs, size: info.size });
  }
  rotated.sort((a, b) => a.mtimeMs - b.mtimeMs);
  let removed = 0;
  const remove = (path: string): void => {
    try {
      unlinkSync(path);
      removed += 1;
    } catch {
      // removed by another thread meanwhile
    }
  };
  let kept = rotated;
  if (options.retentionMs > 0) {
    kept = [];
    for (const file of rotated) {
      if (file.mtimeMs + options.retentionMs < nowMs) remove(file.path);
      else kept.push(file);
    }
  }
  if (options.maxTotalSizeBytes > 0) {
    let total = (statSync(activePath, { throwIfNoEntry: false })?.size ?? 0) + kept.reduce((sum, file) => sum + file.size, 0);
    for (const file of kept) {
      if (total <= options.maxTotalSizeBytes) break;
      remove(file.path);
      total -= file.size;
    }
  }
  return removed;
}
