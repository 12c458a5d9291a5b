/**
 * Start-up sequence (Iggy core/server/src/main.rs, in order): arguments, config, data
 * directories (--fresh wipes them, runtime/ is recreated), shard count, coordinator, then the
 * runtime config with the bound addresses, which tests and tools read to find the server.
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Coordinator, type CoordinatorOptions } from './coordinator/coordinator.js';
import { BalancedPartitioner } from './shard/operations/balanced-partitioner.js';
import { LOCK_FILE_NAME, lockDataDirectory } from './coordinator/data-directory-lock.js';
import { MemoryPool } from './memory/memory-pool.js';
import type { Logger } from 'pino';
import { MetricsServer } from './coordinator/metrics-server.js';
import { planShardPlacement } from './coordinator/shard-placement.js';
import { openTcpListenerFds } from './coordinator/tcp-listener-fds.js';
import { loadConfig } from './config/load-config.js';
import type { ServerConfig } from './config/server-config.js';
import { writeRuntimeConfig } from './config/write-runtime-config.js';
import { parseHostPort } from './config/host-port.js';
import { createLogger } from './logging/create-logger.js';
import { logFilePath } from './logging/log-file-path.js';

const USAGE = `Usage: iggy-server [--fresh] [--with-default-root-credentials] [--config-path <file>]

  --fresh                           delete the data directory (system.path) before starting
  --with-default-root-credentials   create the root user as iggy/iggy when it does not exist yet
  --config-path <file>              configuration file (default: IGGY_CONFIG_PATH or configs/server.toml)

Every configuration key can be overridden with an IGGY_* environment variable, e.g.
IGGY_TCP_ADDRESS=0.0.0.0:8090 or IGGY_SYSTEM_SHARDING_CPU_ALLOCATION=2.`;

export async function bootstrap(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      fresh: { type: 'boolean', default: false },
      'with-default-root-credentials': { type: 'boolean', default: false },
      'config-path': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }

  const { config, source, warnings } = loadConfig({ argvConfigPath: values['config-path'], env: process.env, cwd: process.cwd() });
  config.system.path = path.resolve(config.system.path);
  const logger = createLogger({ level: config.system.logging.level, threadName: 'coordinator', stdout: true, filePath: logFilePath(config) ?? null });
  for (const warning of warnings) logger.warn(warning);
  logger.info({ source }, 'configuration loaded');

  // Lock before touching anything, so --fresh can never wipe the data of a running server.
  await mkdir(config.system.path, { recursive: true });
  const releaseLock = lockDataDirectory(config.system.path, logger);
  process.on('exit', releaseLock);
  if (values.fresh) {
    logger.warn({ path: config.system.path }, '--fresh: removing the data directory');
    for (const name of await readdir(config.system.path)) {
      if (name !== LOCK_FILE_NAME) await rm(path.join(config.system.path, name), { recursive: true, force: true });
    }
  }
  await prepareDirectories(config);

  const rootCredentials = resolveRootCredentials(values['with-default-root-credentials']);
  const placement = planShardPlacement(config);
  for (const warning of placement.warnings) logger.warn(warning);
  const shardCount = placement.shardCount;
  // Every shard accepts on its own SO_REUSEPORT socket for each byte-stream transport.
  const listeners: CoordinatorOptions['listeners'] = {};
  for (const name of ['tcp', 'websocket'] as const) {
    if (!config[name].enabled) continue;
    const { host, port } = parseHostPort(config[name].address);
    const plan = openTcpListenerFds(host, port, shardCount, `${name}.address`);
    if (plan.reason) logger.warn(`${name}: ${plan.reason}`);
    listeners[name] = { host: plan.host, port: plan.port, fds: plan.fds };
  }

  const pool = createMemoryPool(config, logger);
  const balancedCounters = BalancedPartitioner.createBuffer();
  const coordinator = new Coordinator({ config, logger, shardCount, cpus: placement.cpus, rootCredentials, listeners, pool, balancedCounters });
  process.on('SIGINT', () => void coordinator.shutdown(0));
  process.on('SIGTERM', () => void coordinator.shutdown(0));

  let started;
  try {
    started = await coordinator.start();
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    await coordinator.shutdown(1);
    return;
  }
  if (started.rootPassword) {
    // Printed once, as Iggy does; it is never stored or logged anywhere else.
    process.stdout.write(
      `Root user created: username "${started.rootPassword.username}", password "${started.rootPassword.password}". Store it now; it is not shown again.\n`,
    );
  }
  let httpAddress: string | undefined;
  if (config.http.enabled && config.http.metrics.enabled) {
    // Only the Prometheus endpoint is served on the HTTP address so far (the REST API is not built).
    const metrics = new MetricsServer(config.http.metrics.endpoint || '/metrics', () => coordinator.collectMetrics(), logger);
    const { host, port } = parseHostPort(config.http.address);
    httpAddress = await metrics.listen(host, port);
    coordinator.onShutdown(() => metrics.close());
  }
  const { tcp: tcpAddress, websocket: websocketAddress } = started.addresses;
  await writeRuntimeConfig(config, { tcpAddress, websocketAddress, httpAddress });
  logger.info({ tcpAddress, websocketAddress, httpAddress, shardCount, cpus: placement.cpus, dataPath: config.system.path }, 'Iggy server started');
}

/**
 * The shared batch pool. Its SharedArrayBuffer is reserved up front but the OS commits pages only
 * when slots are first used; where even the reservation fails the server runs without a pool
 * (every cross-shard batch then moves as its own ArrayBuffer).
 */
function createMemoryPool(config: ServerConfig, logger: Logger): MemoryPool {
  try {
    return MemoryPool.create(config.system.memory_pool);
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

/** IGGY_ROOT_USERNAME + IGGY_ROOT_PASSWORD, else iggy/iggy with the flag, else null (random). */
function resolveRootCredentials(withDefaults: boolean | undefined): { username: string; password: string } | null {
  const username = process.env.IGGY_ROOT_USERNAME;
  const password = process.env.IGGY_ROOT_PASSWORD;
  if (username && password) return { username, password };
  if (withDefaults) return { username: 'iggy', password: 'iggy' };
  return null;
}
