/**
 * What held a thread up, for the diagnostic timelines (request-timeline.ts here, and iggy-bench's
 * actor timeline): its GC pauses, and its event-loop stalls, each stall split by the thread's
 * schedstat (Linux) into time on a CPU (busy: JS or a syscall's CPU), time runnable but waiting
 * for a CPU (the machine's other threads), and the rest (blocked in a syscall: sync I/O, page
 * faults). A probe timer runs every STALL_PROBE_INTERVAL_MS; a turn later than that by more than
 * STALL_REPORT_MS is a stall. Events go to `emit` as JSON lines, times in ms of
 * `performance.timeOrigin + performance.now()`.
 *
 * Costs ~1.5 % of a core (a timer and one pread per millisecond): for diagnosis only.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';

const STALL_PROBE_INTERVAL_MS = 1;
const STALL_REPORT_MS = 2;

export const timelineNowMs = (): number => performance.timeOrigin + performance.now();

/** This thread's schedstat: [ns on a CPU, ns waiting on a run queue]; null where unavailable. */
class ThreadSchedstat {
  readonly #fd: number | null;
  readonly #buffer = Buffer.alloc(96);

  constructor() {
    let fd: number | null = null;
    try {
      fd = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      // Not Linux, or schedstat disabled: stalls are reported without the split.
    }
    this.#fd = fd;
  }

  read(): [number, number] | null {
    if (this.#fd === null) return null;
    const length = readSync(this.#fd, this.#buffer, 0, this.#buffer.length, 0);
    const fields = this.#buffer.toString('latin1', 0, length).split(' ');
    return [Number(fields[0]), Number(fields[1])];
  }

  close(): void {
    if (this.#fd !== null) closeSync(this.#fd);
  }
}

export class ThreadObserver {
  readonly #gc: PerformanceObserver;
  readonly #schedstat = new ThreadSchedstat();
  #probe: NodeJS.Timeout;

  /** Starts observing the calling thread; `emit` receives one JSON line per event. */
  constructor(emit: (line: string) => void) {
    this.#gc = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const kind = (entry as { detail?: { kind?: number } }).detail?.kind ?? 0;
        emit(`{"t":"gc","at":${(performance.timeOrigin + entry.startTime).toFixed(3)},"ms":${entry.duration.toFixed(3)},"kind":${kind}}`);
      }
    });
    this.#gc.observe({ entryTypes: ['gc'] });
    let expected = timelineNowMs() + STALL_PROBE_INTERVAL_MS;
    let before = this.#schedstat.read();
    const probe = (): void => {
      const now = timelineNowMs();
      const late = now - expected;
      const after = this.#schedstat.read();
      if (late > STALL_REPORT_MS) {
        // The split covers the whole probe interval, the expected wait included (≤ 1 ms).
        const split = before && after ? `,"cpu":${((after[0] - before[0]) / 1e6).toFixed(3)},"runq":${((after[1] - before[1]) / 1e6).toFixed(3)}` : '';
        emit(`{"t":"stall","at":${expected.toFixed(3)},"ms":${late.toFixed(3)}${split}}`);
      }
      before = after;
      expected = now + STALL_PROBE_INTERVAL_MS;
      this.#probe = setTimeout(probe, STALL_PROBE_INTERVAL_MS).unref();
    };
    this.#probe = setTimeout(probe, STALL_PROBE_INTERVAL_MS).unref();
  }

  stop(): void {
    clearTimeout(this.#probe);
    this.#gc.disconnect();
    this.#schedstat.close();
  }
}
