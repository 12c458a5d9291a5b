/**
 * system.logging.sysinfo_print_interval: logs, at that interval, the process CPU use since the
 * last line, process and system memory, the data directory's disk space, and each shard's
 * counters. 0 turns it off.
 *
 * Runs on: the coordinator thread (shard counters arrive as ShardMetricsSnapshot messages).
 */
import { seriesValue } from '../shard/shard-metrics-registry.js';
import { statfs } from 'node:fs/promises';
import { availableParallelism, freemem, totalmem } from 'node:os';
import type { Logger } from 'pino';
import type { ShardMetricsSnapshot } from '../bus/shard-messages.js';

const MIB = 1024 * 1024;

export class SysinfoPrintTask {
  #timer: NodeJS.Timeout | null = null;
  /** A round still waiting for a shard's counters is not overlapped by the next. */
  #running = false;
  #lastCpu = process.cpuUsage();
  #lastAtMs = performance.now();

  constructor(
    private readonly dataPath: string,
    private readonly intervalMs: number,
    private readonly collectShardMetrics: () => Promise<ShardMetricsSnapshot[]>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.#timer || this.intervalMs <= 0) return;
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = true;
      this.printOnce()
        .catch((error: unknown) => this.logger.warn({ err: error }, 'sysinfo: could not collect system information'))
        .finally(() => (this.#running = false));
    }, this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async printOnce(): Promise<void> {
    const now = performance.now();
    const cpu = process.cpuUsage(this.#lastCpu);
    const elapsedMs = Math.max(1, now - this.#lastAtMs);
    this.#lastCpu = process.cpuUsage();
    this.#lastAtMs = now;
    // Share of all CPUs the process may use (100 % = every core busy).
    const cpuPercent = Math.round(((cpu.user + cpu.system) / 1000 / elapsedMs / availableParallelism()) * 1000) / 10;
    const memory = process.memoryUsage();
    const disk = await statfs(this.dataPath);
    const diskFreeMiB = Math.round((disk.bavail * disk.bsize) / MIB);
    const diskTotalMiB = Math.round((disk.blocks * disk.bsize) / MIB);
    const shards = (await this.collectShardMetrics()).sort((a, b) => a.shardId - b.shardId);
    const perShard = shards.map(({ shardId, metrics }) => ({
      shard: shardId,
      connections: seriesValue(metrics, 'iggy_shard_connections'),
      partitions: seriesValue(metrics, 'iggy_shard_partitions_owned'),
      messagesSent: seriesValue(metrics, 'iggy_messages_sent_total'),
      bytesSent: seriesValue(metrics, 'iggy_messages_sent_bytes_total'),
      messagesPolled: seriesValue(metrics, 'iggy_messages_polled_total'),
      requestsForwarded: seriesValue(metrics, 'iggy_requests_forwarded_total'),
    }));
    this.logger.info(
      {
        cpuPercent,
        rssMiB: Math.round(memory.rss / MIB),
        heapUsedMiB: Math.round(memory.heapUsed / MIB),
        externalMiB: Math.round(memory.external / MIB),
        systemFreeMemoryMiB: Math.round(freemem() / MIB),
        systemTotalMemoryMiB: Math.round(totalmem() / MIB),
        diskFreeMiB,
        diskTotalMiB,
        shards: perShard,
      },
      `sysinfo: CPU ${cpuPercent}%, RSS ${Math.round(memory.rss / MIB)} MiB, system memory ${Math.round(freemem() / MIB)}/${Math.round(totalmem() / MIB)} MiB free, ` +
        `disk ${diskFreeMiB}/${diskTotalMiB} MiB free, ${perShard.reduce((n, s) => n + s.connections, 0)} connections, ` +
        `${perShard.reduce((n, s) => n + s.messagesSent, 0)} messages sent, ${perShard.reduce((n, s) => n + s.messagesPolled, 0)} polled`,
    );
  }
}
