/**
 * The main thread: starts one worker_thread per shard, wires every pair of shards with a
 * MessageChannel (the bus), waits until all are ready, and supervises. A shard that dies or
 * reports a fatal error brings the whole server down with an error exit (as Iggy does); SIGINT
 * or SIGTERM drains and flushes every shard, then exits 0. Holds no stream data.
 *
 * Runs on: the process's main thread.
 */
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { CoordinatorToShard, ShardMetricsSnapshot, ShardToCoordinator } from '../bus/shard-messages.js';
import type { ServerConfig } from '../config/server-config.js';
import { SHUTDOWN_DRAIN_TIMEOUT_MS, STARTUP_TIMEOUT_MS } from '../limits.js';
import type { PlacementScheme } from '../bus/partition-placement.js';
import type { ShardWorkerData } from '../shard/shard-main.js';
import type { MemoryPool } from '../memory/memory-pool.js';
import type { TransportName } from '../shard/operations/context.js';
import type { ListenSpec } from '../transports/shard-transport.js';

export interface CoordinatorOptions {
  config: ServerConfig;
  logger: Logger;
  shardCount: number;
  /** CPU per shard (null = unpinned). */
  cpus: (number | null)[];
  rootCredentials: { username: string; password: string } | null;
  /**
   * Listener plan per transport: fds[i] is shard i's SO_REUSEPORT socket; all null = only shard 0
   * listens on host:port.
   */
  listeners: Partial<Record<TransportName, ListenerPlan>>;
  /** The batch memory pool every shard attaches (shared memory). */
  pool: MemoryPool;
  /** Partition → shard formula recorded in the data directory. */
  placementScheme: PlacementScheme;
  /** Exit the process when stopped (the iggy-server command); false when embedded (startServer). */
  exitProcess?: boolean;
  /** The balanced-partitioning counters every shard attaches (shared memory). */
  balancedCounters: SharedArrayBuffer;
}

export interface ListenerPlan {
  host: string;
  port: number;
  fds: (number | null)[];
  /** Certificate and key (PEM) every shard serves with, where the transport needs one (QUIC). */
  certificate?: { cert: string; key: string };
}

export interface StartedServer {
  /** Bound "host:port" of each transport that listens. */
  addresses: Partial<Record<TransportName, string>>;
  rootPassword: { username: string; password: string } | null;
}

/** Every shard with its own SO_REUSEPORT socket listens; without them only shard 0 does. */
function listenerFor(listen: ListenerPlan, shardId: number): ListenSpec | null {
  const fd = listen.fds[shardId] ?? null;
  const certificate = listen.certificate ? { certificate: listen.certificate } : {};
  if (fd !== null) return { host: listen.host, port: listen.port, fd, ...certificate };
  return shardId === 0 ? { host: listen.host, port: listen.port, fd: null, ...certificate } : null;
}

function listenersFor(plans: CoordinatorOptions['listeners'], shardId: number): ShardWorkerData['listeners'] {
  const listeners: ShardWorkerData['listeners'] = {};
  for (const [name, plan] of Object.entries(plans) as [TransportName, ListenerPlan][]) {
    const spec = listenerFor(plan, shardId);
    if (spec) listeners[name] = spec;
  }
  return listeners;
}

export class Coordinator {
  readonly #workers: Worker[] = [];
  /** Connections held by the whole server (Int32 slot 0), for connections.max_connections. */
  readonly #connectionCounts = new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
  #shuttingDown = false;
  #exitCode = 0;
  #stopped = new Set<number>();
  #drained = new Set<number>();
  #onAllDrained: (() => void) | null = null;
  #onAllStopped: (() => void) | null = null;
  #nextMetricsRequestId = 1;
  #metricsRenderer: ((page: 'metrics' | 'health', openMetrics: boolean) => Promise<{ status: number; contentType: string; body: string }>) | null = null;
  readonly #shutdownTasks: (() => Promise<void>)[] = [];
  readonly #metricsWaiters = new Map<number, { snapshots: ShardMetricsSnapshot[]; resolve: (s: ShardMetricsSnapshot[]) => void }>();
  #resolveStopped: (exitCode: number) => void = () => undefined;
  /** Resolves with the exit code once every shard has stopped (embedded use: exitProcess false). */
  readonly stopped = new Promise<number>((resolve) => {
    this.#resolveStopped = resolve;
  });

  constructor(private readonly options: CoordinatorOptions) {}

  async start(): Promise<StartedServer> {
    const { shardCount, config, logger } = this.options;
    // peers[i][j] = the port shard i uses to talk to shard j.
    const peers: (MessagePort | null)[][] = Array.from({ length: shardCount }, () => Array<MessagePort | null>(shardCount).fill(null));
    for (let i = 0; i < shardCount; i++) {
      for (let j = i + 1; j < shardCount; j++) {
        const channel = new MessageChannel();
        peers[i]![j] = channel.port1;
        peers[j]![i] = channel.port2;
      }
    }
    const startedAtMicros = BigInt(Date.now()) * 1000n;
    const workerUrl = new URL('../shard/shard-main.js', import.meta.url);
    const ready = new Set<number>();
    const listening = new Map<number, Partial<Record<TransportName, string>>>();
    let rootPassword: StartedServer['rootPassword'] = null;

    return new Promise<StartedServer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`shards not ready after ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
      for (let shardId = 0; shardId < shardCount; shardId++) {
        const ports = peers[shardId]!.filter((p): p is MessagePort => p !== null);
        const workerData: ShardWorkerData = {
          shardId,
          shardCount,
          config,
          peers: peers[shardId]!,
          placementScheme: this.options.placementScheme,
          rootCredentials: this.options.rootCredentials,
          startedAtMicros,
          listeners: listenersFor(this.options.listeners, shardId),
          balancedCounters: this.options.balancedCounters,
          connectionCounts: this.#connectionCounts,
          cpu: this.options.cpus[shardId] ?? null,
          pool: { sharedBuffer: this.options.pool.sharedBuffer, layout: this.options.pool.layout, wasmMemory: this.options.pool.wasmMemory },
        };
        const worker = new Worker(workerUrl, { workerData, transferList: ports, name: `shard-${shardId}` });
        this.#workers.push(worker);
        worker.on('message', (message: ShardToCoordinator) => {
          switch (message.type) {
            case 'ready':
              // Listeners open only once every shard has loaded its partitions and can adopt a
              // connection: a client served early could be moved to a shard still starting.
              ready.add(message.shardId);
              if (ready.size === shardCount) {
                for (const shardWorker of this.#workers) shardWorker.postMessage({ type: 'listen' } satisfies CoordinatorToShard);
              }
              return;
            case 'listening':
              listening.set(message.shardId, message.addresses);
              if (listening.size === shardCount) {
                clearTimeout(timer);
                // Each transport's address as the first shard that listens on it bound it.
                const addresses: Partial<Record<TransportName, string>> = {};
                for (let id = 0; id < shardCount; id++) {
                  for (const [name, address] of Object.entries(listening.get(id) ?? {}) as [TransportName, string][]) addresses[name] ??= address;
                }
                for (const shardWorker of this.#workers) shardWorker.postMessage({ type: 'serverAddresses', addresses } satisfies CoordinatorToShard);
                resolve({ addresses, rootPassword });
              }
              return;
            case 'rootPassword':
              rootPassword = { username: message.username, password: message.password };
              return;
            case 'fatal':
              clearTimeout(timer);
              logger.fatal({ shardId: message.shardId, error: message.message }, 'shard reported a fatal error');
              reject(new Error(`shard ${message.shardId}: ${message.message}`));
              void this.shutdown(1);
              return;
            case 'renderMetrics': {
              const render = this.#metricsRenderer ?? (async () => ({ status: 404, contentType: 'text/plain', body: '' }));
              void render(message.page, message.openMetrics).then((scrape) => worker.postMessage({ type: 'metricsText', requestId: message.requestId, ...scrape } satisfies CoordinatorToShard));
              return;
            }
            case 'metrics': {
              const waiter = this.#metricsWaiters.get(message.requestId);
              if (!waiter) return;
              waiter.snapshots.push(message.metrics);
              if (waiter.snapshots.length === this.#workers.length) {
                this.#metricsWaiters.delete(message.requestId);
                waiter.resolve(waiter.snapshots.sort((a, b) => a.shardId - b.shardId));
              }
              return;
            }
            case 'drained':
              this.#drained.add(message.shardId);
              if (this.#drained.size === shardCount) this.#onAllDrained?.();
              return;
            case 'stopped':
              this.#stopped.add(message.shardId);
              if (this.#stopped.size === shardCount) this.#onAllStopped?.();
              return;
          }
        });
        worker.on('error', (error) => {
          logger.fatal({ shardId, err: error }, 'shard crashed');
          clearTimeout(timer);
          reject(error);
          void this.shutdown(1);
        });
        worker.on('exit', (code) => {
          if (!this.#shuttingDown) {
            logger.fatal({ shardId, code }, 'shard exited unexpectedly');
            clearTimeout(timer);
            reject(new Error(`shard ${shardId} exited with code ${code}`));
            void this.shutdown(1);
          }
        });
      }
    });
  }

  /** What renders /metrics when a shard's HTTP listener is asked for it. */
  setMetricsRenderer(render: (page: 'metrics' | 'health', openMetrics: boolean) => Promise<{ status: number; contentType: string; body: string }>): void {
    this.#metricsRenderer = render;
  }

  /** Asks every shard for its counters (for /metrics). */
  collectMetrics(): Promise<ShardMetricsSnapshot[]> {
    const requestId = this.#nextMetricsRequestId++;
    return new Promise((resolve) => {
      this.#metricsWaiters.set(requestId, { snapshots: [], resolve });
      for (const worker of this.#workers) worker.postMessage({ type: 'collectMetrics', requestId } satisfies CoordinatorToShard);
      // Abandoned waiters (a shard that never answers) are dropped by the scrape timeout's caller.
      setTimeout(() => this.#metricsWaiters.delete(requestId), 10_000).unref();
    });
  }

  /**
   * Drain and stop every shard, then exit the process. Idempotent; the first caller's exit
   * code wins unless a later one reports a failure.
   */
  /** Work to finish before the process exits (closing the metrics listener). */
  onShutdown(task: () => Promise<void>): void {
    this.#shutdownTasks.push(task);
  }

  async shutdown(exitCode: number): Promise<number> {
    if (exitCode !== 0) this.#exitCode = exitCode;
    if (this.#shuttingDown) return this.stopped;
    this.#shuttingDown = true;
    await Promise.all(this.#shutdownTasks.map((task) => task().catch(() => undefined)));
    const { logger } = this.options;
    logger.info('shutting down: draining shards');
    const allDrained = new Promise<void>((resolve) => {
      this.#onAllDrained = resolve;
      if (this.#drained.size === this.#workers.length) resolve();
    });
    const allStopped = new Promise<void>((resolve) => {
      this.#onAllStopped = resolve;
      if (this.#stopped.size === this.#workers.length) resolve();
    });
    const deadline = new Promise<boolean>((resolve) => setTimeout(() => resolve(true), SHUTDOWN_DRAIN_TIMEOUT_MS + 5_000).unref());
    // Phase 1: every shard stops serving; phase 2 (only then): every shard flushes and closes.
    for (const worker of this.#workers) worker.postMessage({ type: 'drain' } satisfies CoordinatorToShard);
    await Promise.race([allDrained, deadline]);
    for (const worker of this.#workers) worker.postMessage({ type: 'shutdown' } satisfies CoordinatorToShard);
    const timedOut = await Promise.race([allStopped.then(() => false), deadline]);
    if (timedOut) {
      logger.error('shards did not stop in time; exiting anyway');
      this.#exitCode = this.#exitCode || 1;
    }
    await Promise.all(this.#workers.map((worker) => worker.terminate().catch(() => 0)));
    logger.info({ exitCode: this.#exitCode }, 'server stopped');
    logger.flush?.();
    this.#resolveStopped(this.#exitCode);
    if (this.options.exitProcess ?? true) process.exit(this.#exitCode);
    return this.#exitCode;
  }
}
