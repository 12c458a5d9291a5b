/**
 * A diagnostic timeline of binary requests on one shard, for finding where a tail latency comes
 * from: per request, when its frame was complete in JS (`arrived`), when the dispatcher took it
 * (`started`), when the answer was ready (`done`) and when the socket took the last byte
 * (`written`); beside them the thread's GC pauses and event-loop stalls (thread-observer.ts).
 * Timestamps are `performance.timeOrigin + performance.now()` in ms, so a client on the same host
 * (iggy-bench with IGGY_BENCH_TIMELINE_DIR) can be joined with them.
 *
 * Off unless IGGY_DIAG_TIMELINE_DIR names a directory: then each shard appends JSON lines to
 * `shard-<thread id>.jsonl` there once a second. Not an Iggy setting: a tool for benchmarks
 * (benchmarks/README.md "Where a tail comes from").
 *
 * Runs on: every shard thread (one recorder per thread).
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { ThreadObserver, timelineNowMs } from './thread-observer.js';

export { timelineNowMs } from './thread-observer.js';

/** Events kept between two flushes; past it they are counted as dropped, never buffered. */
const TIMELINE_EVENTS_MAX = 200_000;
const FLUSH_INTERVAL_MS = 1000;

export interface RequestTiming {
  code: number;
  connection: number;
  bytesIn: number;
  arrived: number;
  started: number;
  done: number;
  bytesOut: number;
}

export class RequestTimeline {
  readonly #file: string;
  #lines: string[] = [];
  #dropped = 0;
  readonly #flushTimer: NodeJS.Timeout;
  readonly #observer: ThreadObserver;

  private constructor(directory: string, threadId: number) {
    mkdirSync(directory, { recursive: true });
    this.#file = join(directory, `shard-${threadId}.jsonl`);
    this.#observer = new ThreadObserver((line) => this.#push(line));
    this.#flushTimer = setInterval(() => this.flush(), FLUSH_INTERVAL_MS).unref();
  }

  /** The recorder for this thread, or null when the timeline is off (the default). */
  static fromEnv(threadId: number): RequestTimeline | null {
    const directory = process.env['IGGY_DIAG_TIMELINE_DIR'];
    return directory ? new RequestTimeline(directory, threadId) : null;
  }

  /** One request, once its answer is written (`written` = now). */
  request(timing: RequestTiming): void {
    const { code, connection, bytesIn, arrived, started, done, bytesOut } = timing;
    this.#push(
      `{"t":"req","code":${code},"conn":${connection},"in":${bytesIn},"out":${bytesOut},"arrived":${arrived.toFixed(3)},` +
        `"started":${started.toFixed(3)},"done":${done.toFixed(3)},"written":${timelineNowMs().toFixed(3)}}`,
    );
  }

  flush(): void {
    if (this.#dropped > 0) this.#lines.push(`{"t":"dropped","count":${this.#dropped}}`);
    this.#dropped = 0;
    if (this.#lines.length === 0) return;
    const text = this.#lines.join('\n') + '\n';
    this.#lines = [];
    appendFileSync(this.#file, text);
  }

  stop(): void {
    clearInterval(this.#flushTimer);
    this.#observer.stop();
    this.flush();
  }

  #push(line: string): void {
    if (this.#lines.length >= TIMELINE_EVENTS_MAX) this.#dropped++;
    else this.#lines.push(line);
  }
}

/**
 * This thread's timeline, or null: the default, and then the binary connections record nothing.
 * One per thread, since each shard is its own worker.
 */
export const requestTimeline: RequestTimeline | null = RequestTimeline.fromEnv(threadId);
