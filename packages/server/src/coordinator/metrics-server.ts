/**
 * The renderer behind `/metrics` (`[http.metrics]`, a route of the HTTP API on every shard; the
 * shard that receives the scrape asks here over its parent port). On each scrape the
 * coordinator asks every shard for its registry's JSON (coordinator ↔ shard `collectMetrics`,
 * shard/shard-metrics-registry.ts), adds its own process metrics, and sums equal series with
 * prom-client's AggregatorRegistry: unlabelled series become server totals, `shard`-labelled ones
 * stay per shard. Nothing on the send or poll path touches prom-client.
 *
 * Format: Prometheus text by default; OpenMetrics (ending `# EOF`, as Iggy's prometheus-client
 * crate writes) when the scraper's Accept header asks for application/openmetrics-text.
 *
 * Runs on: the coordinator.
 */
import type { Logger } from 'pino';
import { AggregatorRegistry, Registry, collectDefaultMetrics } from 'prom-client';
import type { MetricsJson, ShardMetricsSnapshot } from '../bus/shard-messages.js';

export type CollectShardMetrics = () => Promise<ShardMetricsSnapshot[]>;

/** A scrape waits at most this long for every shard; a stuck shard must not hang Prometheus. */
const SCRAPE_TIMEOUT_MS = 5_000;

export class MetricsServer {
  readonly #registry = new Registry();

  constructor(
    private readonly collect: CollectShardMetrics,
    private readonly logger: Logger,
  ) {
    // Process-wide figures (memory, CPU, fds) measured once, from the coordinator: iggy_process_*, iggy_nodejs_*.
    collectDefaultMetrics({ register: this.#registry, prefix: 'iggy_' });
  }

  /** One scrape: every series of the server, summed over shards; 503 when a shard does not answer. */
  async scrape(openMetrics = false): Promise<{ status: number; contentType: string; body: string }> {
    try {
      const { contentType, body } = await this.render(openMetrics);
      return { status: 200, contentType, body };
    } catch (error) {
      this.logger.warn({ err: error }, 'metrics scrape failed');
      return { status: 503, contentType: 'text/plain', body: '' };
    }
  }

  /**
   * Storage health as JSON: `ok` false (HTTP 503) while any partition's last write failed or
   * the state log refuses changes; the failing partitions are named with their last error.
   */
  async health(): Promise<{ status: number; contentType: string; body: string }> {
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('shards did not answer')), SCRAPE_TIMEOUT_MS).unref());
      const shards = await Promise.race([this.collect(), timeout]);
      const failingPartitions = shards.flatMap((s) => s.health.failingPartitions.map((p) => ({ shard: s.shardId, ...p })));
      const stateLogFailing = shards.some((s) => s.health.stateLogFailing > 0);
      const partitionsFailing = shards.reduce((sum, s) => sum + s.health.partitionsFailing, 0);
      const ok = partitionsFailing === 0 && !stateLogFailing;
      const body = { ok, partitionsFailing, stateLogFailing, failingPartitions };
      return { status: ok ? 200 : 503, contentType: 'application/json', body: JSON.stringify(body) };
    } catch (error) {
      return { status: 503, contentType: 'application/json', body: JSON.stringify({ ok: false, error: (error as Error).message }) };
    }
  }

  async render(openMetrics: boolean): Promise<{ contentType: string; body: string }> {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('shards did not answer')), SCRAPE_TIMEOUT_MS).unref());
    const shards = await Promise.race([this.collect(), timeout]);
    const own = (await this.#registry.getMetricsAsJSON()) as MetricsJson;
    let all = [own, ...shards.map((shard) => shard.metrics)];
    // OpenMetrics names a counter family without `_total` and its sample with it. prom-client
    // appends the suffix to samples but only strips it from the family name of metrics it owns,
    // not of aggregated ones, so the families are renamed here (else: http_requests_total_total).
    if (openMetrics) all = all.map((metrics) => metrics.map((metric) => (String(metric.type) === 'counter' ? { ...metric, name: metric.name.replace(/_total$/, '') } : metric)));
    const aggregated = AggregatorRegistry.aggregate(all);
    const contentType = openMetrics ? Registry.OPENMETRICS_CONTENT_TYPE : Registry.PROMETHEUS_CONTENT_TYPE;
    aggregated.setContentType(contentType);
    return { contentType, body: await aggregated.metrics() };
  }
}
