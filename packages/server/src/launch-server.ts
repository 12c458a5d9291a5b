/**
 * The start-up sequence shared by the `iggy-server` command (bootstrap.ts) and the embedded
 * server (startServer). Order matters (Iggy core/server/src/main.rs, plus one change):
 *
 *   1. shard placement;
 *   2. every listening port is bound (or probed) BEFORE the data directory is touched, so a
 *      start refused for a busy port leaves no data-directory skeleton and, above all, has not
 *      yet created (and printed) the root user's one-time password;
 *   3. data directory: lock, --fresh, state/ streams/ runtime/;
 *   4. TLS files (the self-signed pair lives in the data directory);
 *   5. coordinator and shards (the control plane creates the root user here);
 *   6. the runtime config with the bound addresses, which tests and tools read.
 *
 * Runs on: the process's main thread.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { parseHostPort } from './config/host-port.js';
import type { ServerConfig } from './config/server-config.js';
import { writeRuntimeConfig } from './config/write-runtime-config.js';
import { Coordinator, type CoordinatorOptions } from './coordinator/coordinator.js';
import { BalancedPartitioner } from './shard/operations/balanced-partitioner.js';
import { LOCK_FILE_NAME, lockDataDirectory } from './coordinator/data-directory-lock.js';
import { LogRetentionTask } from './coordinator/log-retention-task.js';
import { SysinfoPrintTask } from './coordinator/sysinfo-print-task.js';
import { resolvePlacementScheme } from './coordinator/placement-scheme-file.js';
import { tcpListenHost } from './config/tcp-listen-host.js';
import { addLogDestination } from './logging/create-logger.js';
import { logFilePath, logRotationOf } from './logging/log-file-path.js';
import { resolveSelfSignedTlsFiles } from './coordinator/self-signed-tls-files.js';
import { planShardPlacement } from './coordinator/shard-placement.js';
import { openTcpListenerFds } from './coordinator/tcp-listener-fds.js';
import { closeFd } from './platform/file-descriptor.js';
import { MemoryPool } from './memory/memory-pool.js';

export interface RootCredentials {
  username: string;
  password: string;
}

export interface LaunchServerOptions {
  /** The loaded configuration; system.path must be absolute. */
  config: ServerConfig;
  /** Logger for the steps before the data directory exists (must not create files in it). */
  logger: Logger;
  /** The logger from then on (e.g. one that also appends to <data>/logs/); default: logger. */
  openLogger?: () => Logger;
  /** Delete the data directory's contents first (--fresh). */
  fresh: boolean;
  /** Credentials for the root user if the data directory has none yet; null = random password. */
  rootCredentials: RootCredentials | null;
  /** false when embedded: stop() resolves instead of ending the process. */
  exitProcess: boolean;
  /**
   * Called once the shards run, before the runtime config (the "ready" signal tools wait for) is
   * written: what the caller prints here (the one-time root password) is out before anyone proceeds.
   */
  announce?: (server: Omit<LaunchedServer, 'coordinator' | 'stop'>) => void;
}

export interface LaunchedServer {
  tcpAddress: string | null;
  websocketAddress: string | null;
  quicAddress: string | null;
  httpAddress: string | null;
  dataPath: string;
  shardCount: number;
  /** The data directory already had a root user, so rootCredentials were not applied. */
  rootUserExisted: boolean;
  /** Set only when this start created root with a random password (shown once). */
  generatedRootPassword: RootCredentials | null;
  /** The self-signed certificate clients should trust, when one is used. */
  selfSignedCertFile: string | null;
  coordinator: Coordinator;
  /** Drains and stops every shard; resolves with the exit code (ends the process unless embedded). */
  stop(): Promise<number>;
}

export async function launchServer(options: LaunchServerOptions): Promise<LaunchedServer> {
  const { config } = options;
  let logger = options.logger;
  const dataPath = config.system.path;
  const placement = planShardPlacement(config);
  for (const warning of placement.warnings) logger.warn(warning);
  const shardCount = placement.shardCount;

  // 2. Ports first.
  const bound = await bindListeners(config, shardCount, logger);
  let coordinator: Coordinator | null = null;
  let releaseLock: (() => void) | null = null;
  try {
    // 3. Data directory. Lock before touching anything, so --fresh never wipes a running server's data.
    await mkdir(dataPath, { recursive: true });
    releaseLock = lockDataDirectory(dataPath, logger);
    if (options.openLogger) logger = options.openLogger();
    if (config.telemetry.enabled) {
      // Loaded only now: with telemetry off the OpenTelemetry packages are never imported.
      const { startTelemetry } = await import('./telemetry/telemetry.js');
      const { otelLogDestination } = await import('./telemetry/otel-log-destination.js');
      const telemetry = await startTelemetry(config.telemetry, 'coordinator');
      addLogDestination(logger, otelLogDestination(telemetry.logger));
    }
    if (options.exitProcess) process.on('exit', releaseLock);
    if (options.fresh) {
      logger.warn({ path: dataPath }, '--fresh: removing the data directory');
      for (const name of await readdir(dataPath)) {
        if (name !== LOCK_FILE_NAME) await rm(path.join(dataPath, name), { recursive: true, force: true });
      }
    }
    const rootUserExisted = stateLogHasEntries(config);
    await prepareDirectories(config);
    const placementRecord = resolvePlacementScheme(dataPath, config.system.stream.path || 'streams');
    if (placementRecord.created) logger.info({ scheme: placementRecord.scheme }, 'partition placement scheme recorded for this data directory');

    // 4. TLS: one self-signed pair per data directory, shared by every shard.
    let selfSignedCertFile: string | null = null;
    if (config.tcp.enabled && config.tcp.tls.enabled) {
      const tls = await resolveSelfSignedTlsFiles(config.tcp.tls, dataPath, logger);
      if (tls !== config.tcp.tls) selfSignedCertFile = tls.cert_file;
      config.tcp.tls = tls;
    }

    if (config.http.enabled) {
      // Loaded only when HTTP is on: the JWT checks bring in jose (tens of modules).
      const { prepareHttp } = await import('./transports/http/prepare-http.js');
      await prepareHttp(config, logger);
    }

    // 5. Shards.
    const pool = createMemoryPool(config, logger);
    coordinator = new Coordinator({
      config,
      logger,
      shardCount,
      cpus: placement.cpus,
      rootCredentials: options.rootCredentials,
      listeners: bound.listeners,
      pool,
      balancedCounters: BalancedPartitioner.createBuffer(),
      placementScheme: placementRecord.scheme,
      exitProcess: options.exitProcess,
    });
    const running = coordinator;
    if (options.exitProcess) {
      // From here on a signal drains and stops the shards (also during start-up), as the command must.
      process.on('SIGINT', () => void running.shutdown(0));
      process.on('SIGTERM', () => void running.shutdown(0));
    }
    if (config.http.enabled) {
      // /metrics and /health are routes of the HTTP API on every shard; the coordinator renders
      // them. prom-client (with @opentelemetry/api, which it loads) is imported only then.
      const { MetricsServer } = await import('./coordinator/metrics-server.js');
      const metrics = new MetricsServer(() => running.collectMetrics(), logger);
      running.setMetricsRenderer((page, openMetrics) => (page === 'health' ? metrics.health() : metrics.scrape(openMetrics)));
    }
    if (config.telemetry.enabled) running.onShutdown(async () => (await import('./telemetry/telemetry.js')).stopTelemetry());
    const release = releaseLock;
    if (!options.exitProcess) void running.stopped.then(() => release());
    let started;
    try {
      started = await running.start();
    } catch (error) {
      logger.fatal({ err: error }, 'start-up failed');
      await running.shutdown(1);
      throw error;
    }

    startLoggingTasks(config, running, logger);

    // 6. Announce, then the runtime config.
    const { tcp, websocket, quic, http } = started.addresses;
    const launched: Omit<LaunchedServer, 'coordinator' | 'stop'> = {
      tcpAddress: tcp ?? null,
      websocketAddress: websocket ?? null,
      quicAddress: quic ?? null,
      httpAddress: http ?? null,
      dataPath,
      shardCount,
      rootUserExisted,
      generatedRootPassword: started.rootPassword,
      selfSignedCertFile,
    };
    options.announce?.(launched);
    await writeRuntimeConfig(config, { tcpAddress: tcp, websocketAddress: websocket, quicAddress: quic, httpAddress: http });
    logger.info({ tcpAddress: tcp, websocketAddress: websocket, quicAddress: quic, httpAddress: http, shardCount, cpus: placement.cpus, dataPath }, 'Iggy server started');
    return { ...launched, coordinator: running, stop: () => running.shutdown(0) };
  } catch (error) {
    if (!coordinator) {
      await bound.close();
      releaseLock?.();
    }
    throw error;
  }
}

interface BoundListeners {
  listeners: CoordinatorOptions['listeners'];
  close(): Promise<void>;
}

/**
 * Binds the listeners of every socket transport (TCP, WebSocket, HTTP: each shard accepts on its
 * own SO_REUSEPORT socket), or refuses with a clear message. With one listening shard and no
 * pre-opened socket, the port is probed (bound and released): the shard binds it moments later,
 * after loading the state.
 */
async function bindListeners(config: ServerConfig, shardCount: number, logger: Logger): Promise<BoundListeners> {
  const listeners: BoundListeners['listeners'] = {};
  const close = async () => {
    for (const plan of Object.values(listeners)) for (const fd of plan?.fds ?? []) if (fd !== null) closeFd(fd);
  };
  try {
    for (const name of ['tcp', 'websocket', 'http'] as const) {
      if (!config[name].enabled) continue;
      const parsed = parseHostPort(config[name].address);
      const host = name === 'tcp' ? tcpListenHost(parsed.host, config.tcp.ipv6) : parsed.host;
      let plan;
      try {
        plan = openTcpListenerFds(host, parsed.port, shardCount, `${name}.address`);
      } catch (error) {
        throw new Error(`${name}.address ${config[name].address}: ${describeListenError(error)}`, { cause: error });
      }
      if (plan.reason) logger.warn(`${name}: ${plan.reason}`);
      listeners[name] = { host: plan.host, port: plan.port, fds: plan.fds };
      if (plan.fds.every((fd) => fd === null) && parsed.port !== 0) await probeTcpPort(host, parsed.port, `${name}.address`);
    }
    // QUIC: one SO_REUSEPORT UDP socket per shard, when the native endpoint is built.
    // Loaded only when QUIC is on: the plan loads the native endpoint's package.
    const quicPlan = config.quic.enabled ? (await import('./coordinator/quic-listener-plan.js')).planQuicListeners(config, shardCount, logger) : null;
    if (quicPlan) {
      const { loadQuicCertificate } = await import('./transports/quic/quic-certificate.js');
      // Chosen once here, not per shard: a generated certificate must be the same on every shard.
      const material = await loadQuicCertificate(config.quic.certificate, logger);
      listeners.quic = { ...quicPlan, certificate: { cert: material.cert.toString('utf8'), key: material.key.toString('utf8') } };
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { listeners, close };
}

/** Log retention on rotation_check_interval and the sysinfo line on sysinfo_print_interval. */
function startLoggingTasks(config: ServerConfig, coordinator: Coordinator, logger: Logger): void {
  const logging = config.system.logging;
  const filePath = logFilePath(config);
  if (filePath !== undefined) {
    const retention = new LogRetentionTask(filePath, logRotationOf(config), logging.rotation_check_interval, logger);
    retention.start();
    coordinator.onShutdown(async () => retention.stop());
  }
  const sysinfo = new SysinfoPrintTask(config.system.path, logging.sysinfo_print_interval, () => coordinator.collectMetrics(), logger);
  sysinfo.start();
  coordinator.onShutdown(async () => sysinfo.stop());
}

function probeTcpPort(host: string, port: number, key: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (error) => reject(new Error(`${key} ${host}:${port}: ${describeListenError(error)}`, { cause: error })));
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

function describeListenError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return 'the port is already in use (another server?)';
  if (code === 'EACCES') return 'permission denied (ports below 1024 need privileges)';
  if (code === 'EADDRNOTAVAIL') return 'no such address on this machine';
  return (error as Error).message;
}

/** The state log holds at least one entry (root is always the first), so a root user exists. */
function stateLogHasEntries(config: ServerConfig): boolean {
  const log = path.join(config.system.path, 'state', 'log');
  return existsSync(log) && statSync(log).size > 0;
}

/**
 * The shared batch pool (a shared WebAssembly.Memory where it can be, so checksums are stamped in
 * place: memory/pool-memory.ts). Reserved up front, but the OS commits pages only when slots are
 * first used; where even the reservation fails the server runs without a pool
 * (every cross-shard batch then moves as its own ArrayBuffer).
 */
function createMemoryPool(config: ServerConfig, logger: Logger): MemoryPool {
  try {
    const pool = MemoryPool.create(config.system.memory_pool);
    if (pool.startupWarning !== null) logger.warn(pool.startupWarning);
    if (pool.startupNote !== null) logger.info(pool.startupNote);
    return pool;
  } catch (error) {
    logger.warn({ err: (error as Error).message, size: config.system.memory_pool.size }, 'memory pool unavailable; continuing without it');
    return MemoryPool.create({ ...config.system.memory_pool, enabled: false });
  }
}

async function prepareDirectories(config: ServerConfig): Promise<void> {
  const root = config.system.path;
  await mkdir(path.join(root, 'state'), { recursive: true });
  await mkdir(path.join(root, config.system.stream.path || 'streams'), { recursive: true });
  const runtime = path.join(root, config.system.runtime.path || 'runtime');
  await rm(runtime, { recursive: true, force: true });
  await mkdir(runtime, { recursive: true });
}
