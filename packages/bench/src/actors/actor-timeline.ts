/**
 * A diagnostic timeline of one actor thread, for joining with the server's
 * (IGGY_DIAG_TIMELINE_DIR, server diagnostics/request-timeline.ts): each measured batch
 * (start, latency, messages), this thread's GC pauses and its event-loop stalls (the server's
 * ThreadObserver), in ms of `performance.timeOrigin + performance.now()`. Off unless
 * IGGY_BENCH_TIMELINE_DIR names a directory; then the actor writes `actor-<id>-<role>.jsonl`
 * there when it ends. benchmarks/timeline/poll-tail.mjs reads both.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ThreadObserver } from '@iggy-node/server/diagnostics';
import type { ActorRecords, ActorSpec } from './actor-spec.js';

/** GC and stall events kept; a longer run keeps its first ones (the records are kept whole). */
const EVENTS_MAX = 100_000;

export class ActorTimeline {
  readonly #directory: string;
  readonly #events: string[] = [];
  readonly #observer: ThreadObserver;

  private constructor(directory: string) {
    this.#directory = directory;
    this.#observer = new ThreadObserver((line) => {
      if (this.#events.length < EVENTS_MAX) this.#events.push(line);
    });
  }

  static fromEnv(): ActorTimeline | null {
    const directory = process.env['IGGY_BENCH_TIMELINE_DIR'];
    return directory ? new ActorTimeline(directory) : null;
  }

  /** Stops observing and writes the file: the events, then one line per measured batch. */
  write(spec: ActorSpec, records: ActorRecords): void {
    this.#observer.stop();
    const lines = [...this.#events];
    for (let i = 0; i < records.startMs.length; i++) {
      lines.push(`{"t":"batch","start":${records.startMs[i]!.toFixed(3)},"us":${records.latencyUs[i]!.toFixed(1)},"messages":${records.messages[i]}}`);
    }
    mkdirSync(this.#directory, { recursive: true });
    writeFileSync(join(this.#directory, `actor-${spec.actorId}-${spec.role}.jsonl`), lines.join('\n') + '\n');
  }
}
