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
import { addLogDestination, createLogger } from '../logging/create-logger.js';
import { startTelemetry, stopTelemetry } from '../telemetry/telemetry.js';
import { otelLogDestination } from '../telemetry/otel-log-destination.js';
import { logFilePath, logRotationOf } from '../logging/log-file-path.js';
import { SHUTDOWN_DRAIN_TIMEOUT_MS } from '../limits.js';
import { Shard } from './shard.js';
import type { PlacementScheme } from '../bus/partition-placement.js';
import { MetricsTextRequests } from '../transports/http/metrics-text-requests.js';
import type { MemoryPoolLayout } from '../memory/memory-pool-layout.js';
import type { SharedWasmMemory } from '@iggy-node/protocol';
import { pinCurrentThread, setCurrentThreadName } from '../platform/pin-thread.js';
import { setFileIo } from '../storage/file-io.js';
import { FaultInjector } from '../storage/fault-injector.js';
import { connectionGuard } from '../transports/binary/connection-guard.js';
import type { ListenSpec } from '../transports/shard-transport.js';
import type { TransportName } from './operations/context.js';

export interface ShardWorkerData {
  shardId: number;
  shardCount: number;
  config: ServerConfig;
  peers: (MessagePort | null)[];
  placementScheme: PlacementScheme;
  rootCredentials: { username: string; password: string } | null;
  startedAtMicros: bigint;
  /** This shard's listener per transport (see ShardOptions.listeners). */
  listeners: Partial<Record<TransportName, ListenSpec>>;
  balancedCounters: SharedArrayBuffer;
  /** Connections held by the whole server (Int32 slot 0): connections.max_connections. */
  connectionCounts: SharedArrayBuffer;
  /** CPU to pin this shard's thread to (cpu_allocation), or null to run unpinned. */
  cpu: number | null;
  pool: { sharedBuffer: SharedArrayBuffer; layout: MemoryPoolLayout; wasmMemory?: SharedWasmMemory | null };
}

const data = workerData as ShardWorkerData;
const port = parentPort!;
const post = (message: ShardToCoordinator): void => port.postMessage(message);

const logger = createLogger({
  level: data.config.system.logging.level,
  threadName: `shard-${data.shardId}`,
  module: 'server::shard',
  format: data.config.system.logging.format,
  stdout: true,
  filePath: logFilePath(data.config) ?? null,
  rotation: logRotationOf(data.config),
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

if (data.config.telemetry.enabled) {
  const telemetry = await startTelemetry(data.config.telemetry, `shard-${data.shardId}`);
  addLogDestination(logger, otelLogDestination(telemetry.logger));
}
const metricsText = new MetricsTextRequests(post);

// Test-only seam (reliability suite): storage calls of this shard go through injected faults.
const faultFile = process.env['IGGY_FAULT_INJECTION_FILE'];
if (faultFile) {
  setFileIo(FaultInjector.fromFile(faultFile));
  logger.warn({ faultFile }, 'storage fault injection is active (IGGY_FAULT_INJECTION_FILE): for tests only');
}

connectionGuard.configure({
  loginTimeoutMs: data.config.connections.login_timeout,
  frameReadTimeoutMs: data.config.connections.frame_read_timeout,
  connectionsMax: data.config.connections.max_connections,
  queuedResponseBytesMax: data.config.connections.max_queued_response_size,
  shardCount: data.shardCount,
  sharedCounts: new Int32Array(data.connectionCounts),
  logger,
});

const shard = new Shard({
  shardId: data.shardId,
  shardCount: data.shardCount,
  config: data.config,
  logger,
  peers: data.peers,
  placementScheme: data.placementScheme,
  rootCredentials: data.rootCredentials,
  startedAtMicros: data.startedAtMicros,
  pool: data.pool,
  balancedCounters: data.balancedCounters,
  listeners: data.listeners,
  renderMetrics: (openMetrics) => metricsText.render('metrics', openMetrics),
  renderHealth: () => metricsText.render('health', false),
});

// Shutdown has two phases so no shard closes its partitions while another still forwards to
// them: 'drain' (stop serving connections) on every shard, then 'shutdown' (flush, close).
let draining = false;
let stopping = false;
port.on('message', (message: CoordinatorToShard) => {
  switch (message.type) {
    case 'listen':
      shard.listen().then(
        (addresses) => post({ type: 'listening', shardId: data.shardId, addresses }),
        (error: unknown) => fatal(error),
      );
      return;
    case 'serverAddresses':
      shard.setServerAddresses(message.addresses);
      return;
    case 'metricsText':
      metricsText.resolve(message);
      return;
    case 'collectMetrics':
      void shard.metricsSnapshot().then((metrics) => post({ type: 'metrics', requestId: message.requestId, metrics }), fatal);
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
        .then(() => stopTelemetry())
        .finally(() => {
          post({ type: 'stopped', shardId: data.shardId });
          shard.closeBus();
          port.close();
        });
      return;
  }
});

shard.start().then(
  ({ rootPassword }) => {
    if (rootPassword !== null && data.rootCredentials === null) {
      post({ type: 'rootPassword', username: 'iggy', password: rootPassword });
    }
    post({ type: 'ready', shardId: data.shardId });
  },
  (error: unknown) => fatal(error),
);
