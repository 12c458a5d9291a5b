/**
 * Worker-thread entry of a shard. Builds the Shard from workerData, reports to the coordinator
 * and obeys its shutdown message. Any uncaught failure is reported as fatal: the coordinator
 * then stops the whole server (a half-running server would silently lose partitions).
 *
 * Runs on: each shard's worker thread.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { CoordinatorToShard, ShardToCoordinator } from '../bus/shard-messages.js';
import type { ServerConfig } from '../config/server-config.js';
import { createLogger } from '../logging/create-logger.js';
import { logFilePath } from '../logging/log-file-path.js';
import { SHUTDOWN_DRAIN_TIMEOUT_MS } from '../limits.js';
import { Shard } from './shard.js';
import type { MemoryPoolLayout } from '../memory/memory-pool-layout.js';
import { pinCurrentThread, setCurrentThreadName } from '../platform/pin-thread.js';
import type { ListenSpec } from '../transports/shard-transport.js';
import type { TransportName } from './operations/context.js';

export interface ShardWorkerData {
  shardId: number;
  shardCount: number;
  config: ServerConfig;
  peers: (MessagePort | null)[];
  rootCredentials: { username: string; password: string } | null;
  startedAtMicros: bigint;
  /** This shard's listener per transport (see ShardOptions.listeners). */
  listeners: Partial<Record<TransportName, ListenSpec>>;
  balancedCounters: SharedArrayBuffer;
  /** CPU to pin this shard's thread to (cpu_allocation), or null to run unpinned. */
  cpu: number | null;
  pool: { sharedBuffer: SharedArrayBuffer; layout: MemoryPoolLayout };
}

const data = workerData as ShardWorkerData;
const port = parentPort!;
const post = (message: ShardToCoordinator): void => port.postMessage(message);

const logger = createLogger({
  level: data.config.system.logging.level,
  threadName: `shard-${data.shardId}`,
  stdout: true,
  filePath: logFilePath(data.config) ?? null,
});

function fatal(error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  logger.fatal({ err }, 'shard failed');
  post({ type: 'fatal', shardId: data.shardId, message: err.message, stack: err.stack });
}

// Pin before any work so the shard's allocations and caches stay on its core. A refused pin is
// logged and the shard runs unpinned, as Iggy does.
setCurrentThreadName(`shard-${data.shardId}`);
if (data.cpu !== null) {
  try {
    if (pinCurrentThread(data.cpu)) logger.debug({ cpu: data.cpu }, 'shard thread pinned');
  } catch (error) {
    logger.warn({ cpu: data.cpu, err: (error as Error).message }, 'could not pin shard thread; running unpinned');
  }
}

process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);

const shard = new Shard({
  shardId: data.shardId,
  shardCount: data.shardCount,
  config: data.config,
  logger,
  peers: data.peers,
  rootCredentials: data.rootCredentials,
  startedAtMicros: data.startedAtMicros,
  pool: data.pool,
  balancedCounters: data.balancedCounters,
  listeners: data.listeners,
});

// Shutdown has two phases so no shard closes its partitions while another still forwards to
// them: 'drain' (stop serving connections) on every shard, then 'shutdown' (flush, close).
let draining = false;
let stopping = false;
port.on('message', (message: CoordinatorToShard) => {
  switch (message.type) {
    case 'serverAddresses':
      shard.setServerAddresses(message.addresses);
      return;
    case 'collectMetrics':
      post({ type: 'metrics', requestId: message.requestId, metrics: shard.metricsSnapshot() });
      return;
    case 'drain':
      if (draining) return;
      draining = true;
      shard
        .drain(SHUTDOWN_DRAIN_TIMEOUT_MS)
        .catch((error: unknown) => logger.error({ err: error }, 'error while draining shard'))
        .finally(() => post({ type: 'drained', shardId: data.shardId }));
      return;
    case 'shutdown':
      if (stopping) return;
      stopping = true;
      shard
        .stop(SHUTDOWN_DRAIN_TIMEOUT_MS)
        .catch((error: unknown) => logger.error({ err: error }, 'error while stopping shard'))
        .finally(() => {
          post({ type: 'stopped', shardId: data.shardId });
          shard.closeBus();
          port.close();
        });
      return;
  }
});

shard.start().then(
  ({ addresses, rootPassword }) => {
    if (rootPassword !== null && data.rootCredentials === null) {
      post({ type: 'rootPassword', username: 'iggy', password: rootPassword });
    }
    post({ type: 'ready', shardId: data.shardId, addresses });
  },
  (error: unknown) => fatal(error),
);
