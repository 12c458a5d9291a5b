/**
 * Prometheus endpoint (`[http.metrics]`, default `/metrics` on the HTTP address). On each scrape
 * the coordinator asks every shard for its registry's JSON (coordinator ↔ shard
 * `collectMetrics`, shard/shard-metrics-registry.ts), adds its own process metrics and Iggy's
 * `http_requests_total`, and sums equal series with prom-client's AggregatorRegistry: unlabelled
 * series become server totals, `shard`-labelled ones stay per shard. Nothing on the send or poll
 * path touches prom-client.
 *
 * Format: Prometheus text by default; OpenMetrics (ending `# EOF`, as Iggy's prometheus-client
 * crate writes) when the scraper's Accept header asks for application/openmetrics-text.
 *
 * Runs on: the coordinator.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { AggregatorRegistry, Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { ShardMetricsSnapshot } from '../bus/shard-messages.js';
import type { MetricsJson } from '../shard/shard-metrics-registry.js';

export type CollectShardMetrics = () => Promise<ShardMetricsSnapshot[]>;

/** A scrape waits at most this long for every shard; a stuck shard must not hang Prometheus. */
const SCRAPE_TIMEOUT_MS = 5_000;

export class MetricsServer {
  readonly #registry = new Registry();
  readonly #httpRequests: Counter;
  #server: http.Server | null = null;

  constructor(
    private readonly endpoint: string,
    private readonly collect: CollectShardMetrics,
    private readonly logger: Logger,
  ) {
    // Process-wide figures (memory, CPU, fds) measured once, from the coordinator: iggy_process_*, iggy_nodejs_*.
    collectDefaultMetrics({ register: this.#registry, prefix: 'iggy_' });
    // Requests this listener serves; shards that serve HTTP add theirs under the same name.
    this.#httpRequests = new Counter({ name: 'http_requests_total', help: 'HTTP requests served (Iggy)', registers: [this.#registry] });
  }

  /** Listens on host:port and resolves the bound "host:port". */
  listen(host: string, port: number): Promise<string> {
    const server = http.createServer((request, response) => void this.#handle(request, response));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => {
        const bound = server.address() as AddressInfo;
        resolve(bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`);
      });
    });
  }

  /** Every series of the server, summed over shards, in Prometheus or OpenMetrics text. */
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

  async #handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    this.#httpRequests.inc();
    if (request.method !== 'GET' || request.url?.split('?')[0] !== this.endpoint) {
      response.writeHead(404).end();
      return;
    }
    try {
      const openMetrics = (request.headers.accept ?? '').includes('application/openmetrics-text');
      const { contentType, body } = await this.render(openMetrics);
      response.writeHead(200, { 'content-type': contentType }).end(body);
    } catch (error) {
      this.logger.warn({ err: error }, 'metrics scrape failed');
      response.writeHead(503).end();
    }
  }

  close(): Promise<void> {
    const server = this.#server;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
