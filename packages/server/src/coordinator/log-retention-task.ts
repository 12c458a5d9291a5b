/**
 * [system.logging] retention and max_total_size: every rotation_check_interval the coordinator
 * removes rotated log files past the retention and, oldest first, those over the total size
 * (the writers also prune right after each rotation). Iggy runs the same sweep on a thread.
 *
 * Runs on: the coordinator thread.
 */
import type { Logger } from 'pino';
import { cleanupLogFiles, type LogRotationOptions } from '../logging/rotating-file-destination.js';

export class LogRetentionTask {
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly activePath: string,
    private readonly options: LogRotationOptions,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => this.runOnce(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  runOnce(): number {
    const removed = cleanupLogFiles(this.activePath, this.options, Date.now());
    if (removed > 0) this.logger.info({ removed, directory: this.activePath }, 'log retention: removed old log files');
    return removed;
  }
}
