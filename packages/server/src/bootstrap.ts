/**
 * Start-up sequence (Iggy core/server/src/main.rs, in order): arguments, config, data
 * directories (--fresh wipes them, runtime/ is recreated), shard count, coordinator, then the
 * runtime config with the bound addresses, which tests and tools read to find the server.
 */
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Coordinator } from './coordinator/coordinator.js';
import { parseCpuAllocation } from './config/cpu-allocation.js';
import { loadConfig } from './config/load-config.js';
import type { ServerConfig } from './config/server-config.js';
import { writeRuntimeConfig } from './config/write-runtime-config.js';
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

  if (values.fresh) {
    logger.warn({ path: config.system.path }, '--fresh: removing the data directory');
    await rm(config.system.path, { recursive: true, force: true });
  }
  await prepareDirectories(config);

  const rootCredentials = resolveRootCredentials(values['with-default-root-credentials']);
  const shardCount = shardCountOf(config);
  const listenTcp = config.tcp.enabled ? parseHostPort(config.tcp.address) : null;

  const coordinator = new Coordinator({ config, logger, shardCount, rootCredentials, listenTcp });
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
  await writeRuntimeConfig(config, { tcpAddress: started.tcpAddress ?? undefined });
  logger.info({ tcpAddress: started.tcpAddress, shardCount, dataPath: config.system.path }, 'Iggy server started');
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

function shardCountOf(config: ServerConfig): number {
  const allocation = parseCpuAllocation(config.system.sharding.cpu_allocation);
  switch (allocation.kind) {
    case 'all':
      return os.availableParallelism();
    case 'count':
      return Math.max(1, allocation.count);
    case 'range':
      return allocation.end - allocation.start;
    case 'numa':
      return os.availableParallelism();
  }
}

export function parseHostPort(address: string): { host: string; port: number } {
  const match = /^\[?([^\]]*)\]?:(\d+)$/.exec(address.trim());
  if (!match) throw new Error(`invalid address "${address}": expected host:port`);
  return { host: match[1]!, port: Number(match[2]) };
}
