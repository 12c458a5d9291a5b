/**
 * Prometheus endpoint (`[http.metrics]`, default `/metrics` on the HTTP address). On each scrape
 * the coordinator asks every shard for its counters (coordinator ↔ shard `collectMetrics`) and
 * renders them with prom-client, one series per shard. Shards keep plain counters: nothing on
 * the send or poll path touches prom-client.
 *
 * Runs on: the coordinator.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { ShardMetricsSnapshot } from '../bus/shard-messages.js';
import type { MemoryPoolCounters } from '../memory/memory-pool.js';

export type CollectShardMetrics = () => Promise<ShardMetricsSnapshot[]>;

/** A scrape waits at most this long for every shard; a stuck shard must not hang Prometheus. */
const SCRAPE_TIMEOUT_MS = 5_000;

const SERIES: { key: keyof Omit<ShardMetricsSnapshot, 'shardId' | 'pool'>; name: string; help: string }[] = [
  { key: 'messagesSent', name: 'iggy_messages_sent_total', help: 'Messages accepted by SendMessages on this shard' },
  { key: 'bytesSent', name: 'iggy_messages_sent_bytes_total', help: 'Message bytes accepted by SendMessages on this shard' },
  { key: 'messagesPolled', name: 'iggy_messages_polled_total', help: 'Messages returned by PollMessages on this shard' },
  { key: 'requestsForwarded', name: 'iggy_requests_forwarded_total', help: 'Sends forwarded to the partition owner on another shard' },
  { key: 'connectionsMigratedOut', name: 'iggy_connections_migrated_out_total', help: 'Connections handed to another shard (tcp.socket_migration)' },
  { key: 'connectionsMigratedIn', name: 'iggy_connections_migrated_in_total', help: 'Connections taken over from another shard' },
  { key: 'connections', name: 'iggy_connections', help: 'Client connections held by this shard' },
  { key: 'partitions', name: 'iggy_partitions_owned', help: 'Partitions owned by this shard' },
];

const POOL_SERIES: { key: keyof MemoryPoolCounters; name: string; help: string }[] = [
  { key: 'inUseSlots', name: 'iggy_memory_pool_slots_in_use', help: 'Memory pool slots lent out now' },
  { key: 'inUseBytes', name: 'iggy_memory_pool_bytes_in_use', help: 'Bytes of the memory pool lent out now (bucket sizes)' },
  { key: 'fallbacks', name: 'iggy_memory_pool_fallbacks_total', help: 'Batches that got no slot and used an ordinary buffer' },
  { key: 'returnsDropped', name: 'iggy_memory_pool_returns_dropped_total', help: 'Releases that freed nothing (double or stale)' },
  { key: 'acquisitions', name: 'iggy_memory_pool_acquisitions_total', help: 'Slots lent' },
  { key: 'releases', name: 'iggy_memory_pool_releases_total', help: 'Slots returned' },
];

export class MetricsServer {
  readonly #registry = new Registry();
  readonly #gauges = new Map<string, Gauge>();
  readonly #poolGauges = new Map<string, Gauge>();
  #server: http.Server | null = null;

  constructor(
    private readonly endpoint: string,
    /** null until the shards run (the port is bound before they start): scrapes get 503 meanwhile. */
    private collect: CollectShardMetrics | null,
    private readonly logger: Logger,
  ) {
    collectDefaultMetrics({ register: this.#registry, prefix: 'iggy_process_' });
    for (const series of SERIES) {
      this.#gauges.set(series.key, new Gauge({ name: series.name, help: series.help, labelNames: ['shard'], registers: [this.#registry] }));
    }
    for (const series of POOL_SERIES) {
      this.#poolGauges.set(series.key, new Gauge({ name: series.name, help: series.help, registers: [this.#registry] }));
    }
  }

  setCollector(collect: CollectShardMetrics): void {
    this.collect = collect;
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

  async #handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    if (request.method !== 'GET' || request.url?.split('?')[0] !== this.endpoint) {
      response.writeHead(404).end();
      return;
    }
    if (!this.collect) {
      response.writeHead(503).end();
      return;
    }
    try {
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('shards did not answer')), SCRAPE_TIMEOUT_MS).unref());
      const shards = await Promise.race([this.collect(), timeout]);
      for (const snapshot of shards) {
        for (const series of SERIES) this.#gauges.get(series.key)!.set({ shard: String(snapshot.shardId) }, snapshot[series.key]);
        if (snapshot.pool) for (const series of POOL_SERIES) this.#poolGauges.get(series.key)!.set(snapshot.pool[series.key]);
      }
      response.writeHead(200, { 'content-type': this.#registry.contentType }).end(await this.#registry.metrics());
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
