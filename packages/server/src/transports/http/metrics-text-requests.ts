/**
 * A shard's side of /metrics: the HTTP listener of any shard may receive the scrape, but the
 * registry lives in the coordinator (coordinator/metrics-server.ts, which gathers every shard's
 * counters). The shard asks over its parent port and waits, bounded, for the rendered text.
 *
 * Runs on: every shard.
 */
import type { CoordinatorToShard, ShardToCoordinator } from '../../bus/shard-messages.js';
import type { MetricsScrape } from './routes/route-support.js';

/** A scrape that the coordinator does not answer in time fails with 503 instead of hanging. */
const METRICS_RENDER_TIMEOUT_MS = 10_000;

type MetricsText = Extract<CoordinatorToShard, { type: 'metricsText' }>;

export class MetricsTextRequests {
  readonly #pending = new Map<number, (scrape: MetricsScrape) => void>();
  #nextRequestId = 1;

  constructor(private readonly post: (message: ShardToCoordinator) => void) {}

  render(page: 'metrics' | 'health', openMetrics: boolean): Promise<MetricsScrape> {
    const requestId = this.#nextRequestId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        resolve({ status: 503, contentType: 'text/plain', body: 'metrics unavailable' });
      }, METRICS_RENDER_TIMEOUT_MS);
      this.#pending.set(requestId, (scrape) => {
        clearTimeout(timer);
        resolve(scrape);
      });
      this.post({ type: 'renderMetrics', requestId, page, openMetrics });
    });
  }

  resolve(message: MetricsText): void {
    const done = this.#pending.get(message.requestId);
    this.#pending.delete(message.requestId);
    done?.({ status: message.status, contentType: message.contentType, body: message.body });
  }
}
