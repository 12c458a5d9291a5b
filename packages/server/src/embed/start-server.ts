/**
 * startServer(): a full server (coordinator + shards) for Node test suites and tools, in this
 * process (worker_threads; the default) or as a managed child process. By default it listens on
 * 127.0.0.1 port 0 with a fresh temporary data directory (deleted by stop()) and root iggy/iggy.
 *
 *   const server = await startServer();
 *   const client = new IggyClient({ host: server.host, port: server.port, credentials: server.credentials });
 *   ...
 *   await server.stop();
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config/load-config.js';
import { parseHostPort } from '../config/host-port.js';
import { launchServer } from '../launch-server.js';
import { createLogger } from '../logging/create-logger.js';
import { startChildServer } from './child-server.js';

export interface StartServerOptions {
  /** 'in-process' (default): shards are worker_threads of this process. 'child': a separate node process. */
  mode?: 'in-process' | 'child';
  /** Data directory; default a new temporary directory, removed by stop(). */
  dataDir?: string;
  /** Keep the temporary data directory after stop(). */
  keepDataDir?: boolean;
  /** Delete the data directory's contents before starting (--fresh). */
  fresh?: boolean;
  /** TCP listen address; default "127.0.0.1:0" (any free port). */
  tcpAddress?: string;
  /** HTTP (Prometheus /metrics) listen address, or false for none; default false. */
  httpAddress?: string | false;
  /** Number of shards; default 1. */
  shards?: number;
  /** Root user's credentials when the data directory is new; default iggy/iggy. */
  rootCredentials?: { username: string; password: string };
  /** More configuration as IGGY_* variables, e.g. { IGGY_SYSTEM_SEGMENT_SIZE: '1 MiB' }; applied last. */
  config?: Record<string, string>;
  /** A server.toml to start from; default the built-in defaults. */
  configPath?: string;
  /** system.logging.level; default "warn" (server logs go to this process's stdout). */
  logLevel?: string;
  /** child mode: how long to wait for the server to be ready; default 30 s. */
  startTimeoutMs?: number;
}

export interface EmbeddedServer {
  /** "host:port" the server accepts TCP connections on. */
  tcpAddress: string;
  host: string;
  port: number;
  /** "host:port" of the HTTP listener (/metrics), or null. */
  httpAddress: string | null;
  dataDir: string;
  shardCount: number;
  /** The root user's credentials (those it was created with). */
  credentials: { username: string; password: string };
  /** The child's pid in child mode, else this process's. */
  pid: number;
  /** Drains and stops the server (acknowledged messages are flushed), then removes a temporary data dir. */
  stop(): Promise<void>;
}

const DEFAULT_ROOT = { username: 'iggy', password: 'iggy' };
/** The embedded server is a test dependency: a small batch pool (the minimum) instead of the 4 GiB default. */
const EMBEDDED_MEMORY_POOL_SIZE = '512 MiB';

/** The IGGY_* variables that express the options; shared by both modes. */
export function embeddedServerEnv(options: StartServerOptions, dataDir: string): Record<string, string> {
  const http = options.httpAddress ?? false;
  return {
    IGGY_SYSTEM_PATH: dataDir,
    IGGY_TCP_ADDRESS: options.tcpAddress ?? '127.0.0.1:0',
    IGGY_HTTP_ENABLED: http === false ? 'false' : 'true',
    ...(http === false ? {} : { IGGY_HTTP_ADDRESS: http }),
    IGGY_QUIC_ENABLED: 'false',
    IGGY_WEBSOCKET_ENABLED: 'false',
    IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: String(options.shards ?? 1),
    IGGY_SYSTEM_LOGGING_LEVEL: options.logLevel ?? 'warn',
    IGGY_SYSTEM_MEMORY_POOL_SIZE: EMBEDDED_MEMORY_POOL_SIZE,
    ...(options.config ?? {}),
  };
}

export async function startServer(options: StartServerOptions = {}): Promise<EmbeddedServer> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = path.resolve(options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'iggy-node-')));
  const removeDataDir = () => {
    if (ownsDataDir && !options.keepDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  const credentials = options.rootCredentials ?? DEFAULT_ROOT;
  try {
    if (options.mode === 'child') {
      const child = await startChildServer({ ...options, dataDir, rootCredentials: credentials, env: embeddedServerEnv(options, dataDir) });
      return { ...child, credentials, stop: async () => { await child.stop(); removeDataDir(); } };
    }
    return await startInProcess(options, dataDir, credentials, removeDataDir);
  } catch (error) {
    removeDataDir();
    throw error;
  }
}

async function startInProcess(
  options: StartServerOptions,
  dataDir: string,
  credentials: { username: string; password: string },
  removeDataDir: () => void,
): Promise<EmbeddedServer> {
  // Only the options' variables: the embedding process's own IGGY_* and configs/ must not leak in.
  const env = embeddedServerEnv(options, dataDir);
  const { config, warnings } = loadConfig({ argvConfigPath: options.configPath ?? path.join(dataDir, 'no-config-file.toml'), env, cwd: dataDir });
  config.system.path = dataDir;
  const logger = createLogger({ level: config.system.logging.level, threadName: 'coordinator', stdout: true });
  for (const warning of warnings) if (!warning.startsWith('Configuration file not found') || options.configPath) logger.warn(warning);
  const launched = await launchServer({ config, logger, fresh: options.fresh ?? false, rootCredentials: credentials, exitProcess: false });
  const tcpAddress = launched.tcpAddress!;
  const { host, port } = parseHostPort(tcpAddress);
  let stopping: Promise<void> | null = null;
  return {
    tcpAddress,
    host: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host,
    port,
    httpAddress: launched.httpAddress,
    dataDir,
    shardCount: launched.shardCount,
    credentials,
    pid: process.pid,
    stop: () => {
      stopping ??= launched.stop().then((exitCode) => {
        removeDataDir();
        if (exitCode !== 0) throw new Error(`embedded server stopped with exit code ${exitCode}`);
      });
      return stopping;
    },
  };
}
