/**
 * One shard's Prometheus registry. Every series reads the shard's own state when a scrape asks
 * (`collect`), so nothing on the send or poll path touches prom-client; the coordinator sums the
 * shards' JSON with prom-client's AggregatorRegistry (coordinator/metrics-server.ts).
 *
 * Naming: Iggy 0.7's series (http-api.md §6: `streams`, `topics`, `partitions`, `segments`,
 * `messages`, `users`, `clients`, `http_requests_total`) keep Iggy's names and carry no label, so
 * the aggregated value is the server's total; ours are prefixed `iggy_`. A `shard` label is added
 * only where the per-shard figure means something on its own (connections held, partitions
 * owned, event-loop delay); totals are then a `sum()` away.
 *
 * Figures come from the same sources as GetStats: the local partitions' stats
 * (PartitionSystem.stats), the connection registry and the metadata copy. Metadata counts are
 * reported by the control-plane shard only, so the sum across shards is the count.
 *
 * Runs on: each shard thread.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Counter, Gauge, Registry, MetricObjectWithValues, MetricValue } from 'prom-client';
import type { PartitionStatsEntry } from '../bus/shard-messages.js';
import { METRICS_TOPIC_SERIES_MAX } from '../limits.js';
import { dataPathCopies } from '../memory/data-path-copies.js';
import type { MemoryPoolCounters } from '../memory/memory-pool.js';
import type { ShardMetrics } from './shard-metrics.js';

export interface MetadataCounts {
  streams: number;
  topics: number;
  partitions: number;
  users: number;
  consumerGroups: number;
  /** Topics in id order (stream, then topic) with the labels their series carry. */
  topicList: { streamId: number; topicId: number; stream: string; topic: string }[];
}

/** What a shard exposes to its registry; read only when a scrape asks. */
export interface ShardMetricsSource {
  shardId: number;
  counters: ShardMetrics;
  clientsCount(): number;
  partitionStats(): PartitionStatsEntry[];
  /** Every shard needs the topic list (for the bounded per-topic series); counts are summed, so
   * only the control plane reports them (the others return `countsReported: false`). */
  metadata(): { counts: MetadataCounts; countsReported: boolean };
  /** The process-wide pool: reported by one shard only (null elsewhere). */
  pool(): MemoryPoolCounters | null;
  /** Failing partitions, failed write rounds so far, and the state log's state (control plane). */
  storageHealth(): { partitionsFailing: number; storageWriteFailures: number; stateLogFailing: number };
}

export type MetricsJson = MetricObjectWithValues<MetricValue<string>>[];

type PromClient = typeof import('prom-client');

/** A counter whose value is read from elsewhere at scrape time (prom-client counters only add). */
function readCounterOf({ Counter }: PromClient, registry: Registry, name: string, help: string, read: () => number): void {
  new Counter({
    name,
    help,
    registers: [registry],
    collect(this: Counter) {
      this.reset();
      this.inc(read());
    },
  });
}

function readGaugeOf({ Gauge }: PromClient, registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect(this: Gauge) {
      this.set(read());
    },
  });
}

export class ShardMetricsRegistry {
  /**
   * Built at the first scrape: prom-client (and @opentelemetry/api, which it loads) costs a shard
   * a tenth of its start-up, and a server whose metrics are never scraped should not pay it.
   */
  #registry: Promise<Registry> | null = null;
  readonly #eventLoopDelay: IntervalHistogram;
  /** Partition stats read once per scrape and shared by the series that need them. */
  #stats: PartitionStatsEntry[] = [];
  #metadata: { counts: MetadataCounts; countsReported: boolean } | null = null;

  constructor(private readonly source: ShardMetricsSource) {
    // 20 ms resolution is enough to see the stalls that matter (GC, blocking writes) at no cost.
    // Measured from the start, so the first scrape sees the delays since then.
    this.#eventLoopDelay = monitorEventLoopDelay({ resolution: 20 });
    this.#eventLoopDelay.enable();
  }

  async #build(): Promise<Registry> {
    const prom = await import('prom-client');
    const { Counter, Gauge } = prom;
    const registry = new prom.Registry();
    const source = this.source;
    const readCounter = (...args: [Registry, string, string, () => number]) => readCounterOf(prom, ...args);
    const readGauge = (...args: [Registry, string, string, () => number]) => readGaugeOf(prom, ...args);
    const c = source.counters;
    const shard = String(source.shardId);

    // Iggy 0.7's series, named as Iggy names them.
    readGauge(registry, 'streams', 'Streams (Iggy)', () => this.#counts('streams'));
    readGauge(registry, 'topics', 'Topics (Iggy)', () => this.#counts('topics'));
    readGauge(registry, 'partitions', 'Partitions (Iggy)', () => this.#counts('partitions'));
    readGauge(registry, 'users', 'Users (Iggy)', () => this.#counts('users'));
    readGauge(registry, 'segments', 'Segments of every partition (Iggy)', () => this.#stats.reduce((sum, e) => sum + e.segmentsCount, 0));
    readGauge(registry, 'messages', 'Messages stored in every partition (Iggy)', () => this.#stats.reduce((sum, e) => sum + e.messagesCount, 0));
    readGauge(registry, 'clients', 'Connected clients (Iggy)', () => source.clientsCount());
    readCounter(registry, 'http_requests_total', 'HTTP requests served (Iggy)', () => c.httpRequests);

    // Ours: server-wide totals (summed over shards).
    readGauge(registry, 'iggy_consumer_groups', 'Consumer groups', () => this.#counts('consumerGroups'));
    readGauge(registry, 'iggy_messages_size_bytes', 'Bytes of messages stored in every partition', () => this.#stats.reduce((sum, e) => sum + e.sizeBytes, 0));
    readCounter(registry, 'iggy_messages_sent_total', 'Messages accepted by SendMessages', () => c.messagesSent);
    readCounter(registry, 'iggy_messages_sent_bytes_total', 'Message bytes accepted by SendMessages', () => c.bytesSent);
    readCounter(registry, 'iggy_messages_polled_total', 'Messages returned by PollMessages', () => c.messagesPolled);
    readCounter(registry, 'iggy_requests_forwarded_total', 'Requests forwarded to the partition owner on another shard', () => c.requestsForwarded);
    readCounter(registry, 'iggy_connections_migrated_out_total', 'Connections handed to another shard (tcp.socket_migration)', () => c.connectionsMigratedOut);
    readCounter(registry, 'iggy_connections_migrated_in_total', 'Connections taken over from another shard', () => c.connectionsMigratedIn);

    // Per shard: the figures whose imbalance an operator looks for.
    new Gauge({
      name: 'iggy_shard_connections',
      help: 'Client connections held by each shard',
      labelNames: ['shard'],
      registers: [registry],
      collect(this: Gauge) {
        this.set({ shard }, source.clientsCount());
      },
    });
    const statsOf = (): PartitionStatsEntry[] => this.#stats;
    new Gauge({
      name: 'iggy_shard_partitions_owned',
      help: 'Partitions owned by each shard',
      labelNames: ['shard'],
      registers: [registry],
      collect(this: Gauge) {
        this.set({ shard }, statsOf().length);
      },
    });
    const delay = this.#eventLoopDelay;
    new Gauge({
      name: 'iggy_shard_event_loop_delay_seconds',
      help: 'Event-loop delay of each shard since the previous scrape (a stalled shard delays every request it owns)',
      labelNames: ['shard', 'quantile'],
      registers: [registry],
      collect(this: Gauge) {
        const toSeconds = (ns: number): number => (Number.isFinite(ns) ? ns / 1e9 : 0);
        this.set({ shard, quantile: '0.5' }, toSeconds(delay.percentile(50)));
        this.set({ shard, quantile: '0.99' }, toSeconds(delay.percentile(99)));
        this.set({ shard, quantile: '1' }, toSeconds(delay.max));
        delay.reset();
      },
    });

    // Payload copies on the data path, by site (memory/data-path-copies.ts): 0 for batches that
    // were read into a pool slot, except where a site below is still a copy by design.
    for (const [name, help, pick] of [
      ['iggy_data_path_copies_total', 'Payload copies on the message data path, by site', (c: { copies: number }) => c.copies],
      ['iggy_data_path_copied_bytes_total', 'Payload bytes copied on the message data path, by site', (c: { bytes: number }) => c.bytes],
    ] as const) {
      new Counter({
        name,
        help,
        labelNames: ['site'],
        registers: [registry],
        collect(this: Counter) {
          this.reset();
          for (const [site, count] of dataPathCopies()) this.inc({ site }, pick(count));
        },
      });
    }

    // Per topic, bounded: see METRICS_TOPIC_SERIES_MAX for the rule.
    const topicLabels = ['stream', 'topic'];
    const perTopic = (pick: (entry: PartitionStatsEntry) => number) =>
      function (this: Gauge, topics: MetadataCounts['topicList'], stats: PartitionStatsEntry[]) {
        this.reset();
        const kept = new Map<string, { stream: string; topic: string }>();
        for (const t of topics.slice(0, METRICS_TOPIC_SERIES_MAX)) kept.set(`${t.streamId}/${t.topicId}`, { stream: t.stream, topic: t.topic });
        for (const entry of stats) {
          const labels = kept.get(`${entry.streamId}/${entry.topicId}`);
          if (labels) this.inc(labels, pick(entry));
        }
      };
    const topicMessages = perTopic((e) => e.messagesCount);
    const topicBytes = perTopic((e) => e.sizeBytes);
    const metadataOf = (): MetadataCounts => this.#metadata!.counts;
    new Gauge({
      name: 'iggy_topic_messages',
      help: `Messages stored per topic (the first ${METRICS_TOPIC_SERIES_MAX} topics by stream and topic id)`,
      labelNames: topicLabels,
      registers: [registry],
      collect(this: Gauge) {
        topicMessages.call(this, metadataOf().topicList, statsOf());
      },
    });
    new Gauge({
      name: 'iggy_topic_size_bytes',
      help: `Bytes stored per topic (the first ${METRICS_TOPIC_SERIES_MAX} topics by stream and topic id)`,
      labelNames: topicLabels,
      registers: [registry],
      collect(this: Gauge) {
        topicBytes.call(this, metadataOf().topicList, statsOf());
      },
    });
    readGauge(registry, 'iggy_metrics_topicListomitted', 'Topics without per-topic series (beyond the cap)', () =>
      this.#metadata!.countsReported ? Math.max(0, this.#metadata!.counts.topicList.length - METRICS_TOPIC_SERIES_MAX) : 0,
    );

    // Storage health (also served as JSON on /health).
    readGauge(registry, 'iggy_partitions_failing', 'Partitions whose last write failed (full disk, EIO); 0 when healthy', () => source.storageHealth().partitionsFailing);
    readCounter(registry, 'iggy_storage_write_failures_total', 'Partition write rounds that failed and were rolled back', () => source.storageHealth().storageWriteFailures);
    readGauge(registry, 'iggy_state_log_failing', '1 while the last metadata change could not be written', () => source.storageHealth().stateLogFailing);

    const poolSeries: [keyof MemoryPoolCounters, string, string, 'gauge' | 'counter'][] = [
      ['inUseSlots', 'iggy_memory_pool_slots_in_use', 'Memory pool slots lent out now', 'gauge'],
      ['inUseBytes', 'iggy_memory_pool_bytes_in_use', 'Bytes of the memory pool lent out now (bucket sizes)', 'gauge'],
      ['fallbacks', 'iggy_memory_pool_fallbacks_total', 'Batches that got no slot and used an ordinary buffer', 'counter'],
      ['returnsDropped', 'iggy_memory_pool_returns_dropped_total', 'Releases that freed nothing (double or stale)', 'counter'],
      ['acquisitions', 'iggy_memory_pool_acquisitions_total', 'Slots lent', 'counter'],
      ['releases', 'iggy_memory_pool_releases_total', 'Slots returned', 'counter'],
    ];
    // Counters carry the Prometheus `_total` suffix; prom-client moves it for OpenMetrics.
    for (const [key, name, help, type] of poolSeries) {
      const read = (): number => source.pool()?.[key] ?? 0;
      if (type === 'gauge') readGauge(registry, name, help, read);
      else readCounter(registry, name, help, read);
    }
    return registry;
  }

  /** This shard's series as JSON, for the coordinator to aggregate. */
  async json(): Promise<MetricsJson> {
    this.#stats = this.source.partitionStats();
    this.#metadata = this.source.metadata();
    this.#registry ??= this.#build();
    return (await (await this.#registry).getMetricsAsJSON()) as MetricsJson;
  }

  close(): void {
    this.#eventLoopDelay.disable();
  }

  #counts(key: 'streams' | 'topics' | 'partitions' | 'users' | 'consumerGroups'): number {
    const metadata = this.#metadata;
    return metadata && metadata.countsReported ? metadata.counts[key] : 0;
  }
}

/** The sum of every sample of one series in a registry's JSON (0 when absent). */
export function seriesValue(metrics: MetricsJson, name: string): number {
  const metric = metrics.find((m) => m.name === name);
  return metric ? metric.values.reduce((sum, v) => sum + Number(v.value), 0) : 0;
}
