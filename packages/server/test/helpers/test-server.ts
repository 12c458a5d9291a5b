import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { IggyClient, IggyHttpClient, type IggyClientOptions, type IggyCommands } from '@iggy-node/sdk';
import { assertProtocolBundleFresh } from './protocol-bundle-check.js';

/** How the harness clients reach the server. */
export type HarnessTransport = 'tcp' | 'ws' | 'quic' | 'http';
/** The binary transports: what `binaryClient()` speaks ('tcp' when the harness transport is 'http'). */
export type BinaryHarnessTransport = Exclude<HarnessTransport, 'http'>;
const HARNESS_TRANSPORTS: readonly HarnessTransport[] = ['tcp', 'ws', 'quic', 'http'];

export interface TestServerOptions {
  /** Extra environment for the server (IGGY_* config overrides); applied last. */
  env?: Record<string, string>;
  /** Extra command-line arguments. */
  args?: string[];
  /** Reuse this data directory (restart tests); it is never removed by the harness. */
  dataDir?: string;
  /** Sets IGGY_SYSTEM_SHARDING_CPU_ALLOCATION; default IGGY_TEST_SHARDS or 1. */
  shardCount?: number;
  /** Default true: --with-default-root-credentials (root is iggy/iggy). */
  rootCredentials?: boolean;
  /** Keep the temporary data directory after stop (to inspect files or restart from it). */
  keepDataDir?: boolean;
  /** Readiness deadline; default 30 s. */
  startTimeoutMs?: number;
  /**
   * Transport of the harness clients (`client()`): default IGGY_TEST_TRANSPORT or 'tcp'. With
   * 'ws' the server also listens for WebSocket on 127.0.0.1:0 and clients connect there, so the
   * same integration tests run over both transports (the test matrix of .ci/run). 'quic' does the
   * same over QUIC (needs the native endpoint, packages/quic-native). 'http' turns the HTTP
   * API on at 127.0.0.1:0 and `client()` speaks HTTP (`IggyHttpClient`); `binaryClient()` then
   * speaks TCP.
   */
  transport?: HarnessTransport;
}

/**
 * Options of a harness client. Over HTTP only `credentials` and `requestTimeoutMs` mean
 * something; `reconnect`, `heartbeatIntervalMs`, `autoLogin: true` and the frame/queue bounds
 * concern a binary connection, which HTTP has not, and are dropped. Options that pick another
 * endpoint or transform payloads (`connectionString`, `transport`, `host`, `port`, `tls`, `quic`,
 * `encryptor`) are refused over HTTP: a test that needs them asks for `binaryClient()`.
 */
export type HarnessClientOptions = Partial<IggyClientOptions>;

/**
 * What `client()` offers: the typed commands of every transport's client (`IggyCommands`) less
 * the operations Iggy 0.7's HTTP API does not have at all (get_me, joining and leaving a
 * consumer group), so a suite that needs those asks for `binaryClient()` and the compiler says
 * so. (Polling and offsets as a consumer group share their methods with the individual-consumer
 * forms; over HTTP the client rejects them with FeatureUnavailable, 5.)
 */
export type HarnessClient = Omit<IggyCommands, 'getMe' | 'joinConsumerGroup' | 'leaveConsumerGroup'>;

export interface TestServer {
  host: string;
  port: number;
  /** "host:port" */
  tcpAddress: string;
  /** Transport of `client()`. */
  transport: HarnessTransport;
  /** Transport of `binaryClient()`: the harness transport, or 'tcp' when that is 'http'. */
  binaryTransport: BinaryHarnessTransport;
  /** "host:port" of the WebSocket listener, when it is on (transport 'ws'). */
  websocketAddress: string | null;
  /** "host:port" of the QUIC endpoint, when it is on (transport 'quic'). */
  quicAddress: string | null;
  /** "host:port" of the HTTP API, when the harness turned it on (transport 'http'). */
  httpAddress: string | null;
  dataDir: string;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Sends `signal`, waits up to `timeoutMs` (then SIGKILL); resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  /** SIGKILL, for crash-recovery tests. */
  kill(): Promise<void>;
  /**
   * A client over the harness transport, logged in as iggy/iggy (unless `credentials` says
   * otherwise), typed as the commands every transport's client offers (`HarnessClient`): with
   * transport 'http' it is an `IggyHttpClient`. Closed by stop() before the signal, by kill()
   * after the crash.
   */
  client(options?: HarnessClientOptions): Promise<HarnessClient>;
  /**
   * A binary-protocol `IggyClient` (TCP, WebSocket or QUIC: `binaryTransport`), for tests that
   * need what only a binary connection has: raw frames, get_me, group membership, connection
   * events, client entries. Closed like `client()`'s.
   */
  binaryClient(options?: Partial<IggyClientOptions>): Promise<IggyClient>;
}

/** Compiled location: packages/server/dist/test/helpers/ -> packages/server/dist/src/main.js. */
const SERVER_MAIN_PATH = fileURLToPath(new URL('../../src/main.js', import.meta.url));
const START_TIMEOUT_MS_DEFAULT = 30_000;
const READY_POLL_INTERVAL_MS = 50;
/** Captured output kept per stream; older text is dropped so a chatty server cannot exhaust memory. */
const CAPTURED_OUTPUT_CHARS_MAX = 4 * 1024 * 1024;
const STOP_TIMEOUT_MS_DEFAULT = 20_000;

// Every server and owned temp dir this process started; the 'exit' hook reaps what tests leave.
const liveChildren = new Set<ChildProcess>();
const ownedDataDirs = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const dir of ownedDataDirs) rmSync(dir, { recursive: true, force: true });
  });
  // The test runner stops a file that ran past --test-timeout with a signal; without this the
  // 'exit' hook never runs and the file's servers outlive it.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => process.exit(signal === 'SIGTERM' ? 143 : 130));
  }
}

/** A fresh temporary directory for a server's data (`IGGY_SYSTEM_PATH`). */
export function createTestDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'iggy-node-test-'));
}

/**
 * Starts the real server entry point (`dist/src/main.js`) in a child process on 127.0.0.1:0 with a
 * temporary data directory, and resolves once it has written the bound address to
 * `<dataDir>/runtime/current_config.toml` (written after every listener is bound, as Iggy does).
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  await assertProtocolBundleFresh();
  installExitHook();
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? createTestDataDir();
  if (ownsDataDir && !options.keepDataDir) ownedDataDirs.add(dataDir);
  const shardCount = options.shardCount ?? Number(process.env.IGGY_TEST_SHARDS ?? '1');
  const transport = options.transport ?? harnessTransportFromEnv();
  const binaryTransport: BinaryHarnessTransport = transport === 'http' ? 'tcp' : transport;
  const secondSection = transport === 'ws' ? 'websocket' : transport === 'quic' ? 'quic' : transport === 'http' ? 'http' : null;
  if (transport === 'http' && options.env?.IGGY_HTTP_ENABLED === 'false') {
    throw new Error('startTestServer: env IGGY_HTTP_ENABLED=false contradicts the harness transport http; pass transport: \'tcp\' for a server without HTTP');
  }

  // Strip IGGY_* from the inherited environment so a developer's shell cannot change the test server.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGGY_')));
  const env: Record<string, string | undefined> = {
    ...inherited,
    IGGY_SYSTEM_PATH: dataDir,
    IGGY_TCP_ADDRESS: '127.0.0.1:0',
    IGGY_HTTP_ENABLED: transport === 'http' ? 'true' : 'false',
    IGGY_HTTP_ADDRESS: '127.0.0.1:0',
    IGGY_QUIC_ENABLED: transport === 'quic' ? 'true' : 'false',
    IGGY_QUIC_ADDRESS: '127.0.0.1:0',
    IGGY_WEBSOCKET_ENABLED: transport === 'ws' ? 'true' : 'false',
    IGGY_WEBSOCKET_ADDRESS: '127.0.0.1:0',
    IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: String(shardCount),
    ...options.env,
  };
  const args = [SERVER_MAIN_PATH];
  if (options.rootCredentials ?? true) args.push('--with-default-root-credentials');
  args.push(...(options.args ?? []));

  // A reused data dir still holds the previous run's file with its old port; the server wipes
  // runtime/ at start anyway, but we must not read the stale address before it does.
  rmSync(join(dataDir, 'runtime', 'current_config.toml'), { force: true });
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  liveChildren.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    stdout = (stdout + text).slice(-CAPTURED_OUTPUT_CHARS_MAX);
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => {
    stderr = (stderr + text).slice(-CAPTURED_OUTPUT_CHARS_MAX);
  });
  let exitCode: number | null = null;
  let exited = false;
  const exitPromise = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      exited = true;
      exitCode = code;
      liveChildren.delete(child);
      resolve(code);
    });
  });
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  spawnError.catch(() => {}); // observed through the race below

  const removeOwnedDataDir = () => {
    if (ownsDataDir && !options.keepDataDir) {
      rmSync(dataDir, { recursive: true, force: true });
      ownedDataDirs.delete(dataDir);
    }
  };

  let address: { host: string; port: number };
  let second: { host: string; port: number } | null = null;
  try {
    [address, second] = await Promise.race([
      waitForBoundAddress(dataDir, secondSection, options.startTimeoutMs ?? START_TIMEOUT_MS_DEFAULT, () => exited, () => exitCode),
      spawnError,
    ]);
  } catch (error) {
    if (!exited) child.kill('SIGKILL');
    await exitPromise;
    removeOwnedDataDir();
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- server stderr ---\n${stderr}\n--- server stdout (tail) ---\n${stdout.slice(-4000)}`);
  }

  const clients = new Set<IggyCommands>();
  const closeClients = async () => {
    await Promise.all([...clients].map((client) => client.close().catch(() => {})));
    clients.clear();
  };
  let stopped = false;

  const server: TestServer = {
    host: address.host,
    port: address.port,
    tcpAddress: `${address.host}:${address.port}`,
    transport,
    binaryTransport,
    websocketAddress: transport === 'ws' && second ? `${second.host}:${second.port}` : null,
    quicAddress: transport === 'quic' && second ? `${second.host}:${second.port}` : null,
    httpAddress: transport === 'http' && second ? `${second.host}:${second.port}` : null,
    dataDir,
    pid: child.pid!,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = STOP_TIMEOUT_MS_DEFAULT) {
      if (stopped) return exitPromise;
      stopped = true;
      // Harness clients are closed first so teardown does not depend on how the server treats
      // open connections; a test of shutdown with live clients opens its own IggyClient.
      await closeClients();
      if (!exited) child.kill(signal);
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, timeoutMs);
      const code = await exitPromise;
      clearTimeout(timer);
      removeOwnedDataDir();
      return code;
    },
    async kill() {
      stopped = true;
      // Clients first see the socket die, as with a real crash; close them afterwards.
      if (!exited) child.kill('SIGKILL');
      await exitPromise;
      await closeClients();
      removeOwnedDataDir();
    },
    async client(clientOptions: HarnessClientOptions = {}) {
      if (transport !== 'http') return server.binaryClient(clientOptions);
      const client = new IggyHttpClient(httpClientOptions(`http://${second!.host}:${second!.port}`, clientOptions));
      clients.add(client);
      try {
        await client.connect();
      } catch (error) {
        clients.delete(client);
        await client.close();
        throw error;
      }
      return client;
    },
    async binaryClient(clientOptions: Partial<IggyClientOptions> = {}) {
      const target = binaryTransport !== 'tcp' && second ? { transport: binaryTransport, ...second } : { transport: 'tcp' as const, ...address };
      const client = new IggyClient({
        ...target,
        credentials: { username: 'iggy', password: 'iggy' },
        ...clientOptions,
      });
      await client.connect();
      clients.add(client);
      return client;
    },
  };
  return server;
}

/** node:test convenience: starts a server and stops it when the test (or suite) ends. */
export async function withTestServer(
  t: { after(fn: () => unknown): void },
  options: TestServerOptions = {},
): Promise<TestServer> {
  const server = await startTestServer(options);
  t.after(() => server.stop());
  return server;
}

/** IGGY_TEST_TRANSPORT, checked: a typo must not quietly run a pass over TCP. */
function harnessTransportFromEnv(): HarnessTransport {
  const fromEnv = process.env.IGGY_TEST_TRANSPORT;
  if (fromEnv === undefined || fromEnv === '') return 'tcp';
  if (!(HARNESS_TRANSPORTS as readonly string[]).includes(fromEnv)) {
    throw new Error(`IGGY_TEST_TRANSPORT=${fromEnv}: expected one of ${HARNESS_TRANSPORTS.join(', ')}`);
  }
  return fromEnv as HarnessTransport;
}

/** Binary-client options that choose an endpoint or change payloads: no HTTP equivalent. */
const BINARY_ONLY_CLIENT_OPTIONS = ['connectionString', 'transport', 'host', 'port', 'tls', 'quic', 'encryptor'] as const;

function httpClientOptions(baseUrl: string, options: HarnessClientOptions) {
  const refused = BINARY_ONLY_CLIENT_OPTIONS.filter((key) => options[key] !== undefined);
  if (refused.length > 0) {
    throw new Error(`harness client over http: option(s) ${refused.join(', ')} exist only for binary clients; use server.binaryClient()`);
  }
  const credentials = 'credentials' in options ? options.credentials : { username: 'iggy', password: 'iggy' };
  return {
    baseUrl,
    credentials: options.autoLogin === false ? undefined : credentials,
    ...(options.requestTimeoutMs ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  };
}

type HostPort = { host: string; port: number };

async function waitForBoundAddress(
  dataDir: string,
  secondSection: 'websocket' | 'quic' | 'http' | null,
  timeoutMs: number,
  hasExited: () => boolean,
  exitCode: () => number | null,
): Promise<[HostPort, HostPort | null]> {
  const configPath = join(dataDir, 'runtime', 'current_config.toml');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (hasExited()) throw new Error(`server exited with code ${exitCode()} before it was ready`);
    const address = readBoundAddress(configPath, 'tcp');
    const second = secondSection ? readBoundAddress(configPath, secondSection) : null;
    if (address && (!secondSection || second)) return [address, second];
    if (Date.now() > deadline) throw new Error(`server not ready after ${timeoutMs} ms (no bound [tcp] address in ${configPath})`);
    await new Promise((resolve) => setTimeout(resolve, READY_POLL_INTERVAL_MS));
  }
}

/** null while the file is missing, half-written, or still holds port 0. */
function readBoundAddress(configPath: string, section: 'tcp' | 'websocket' | 'quic' | 'http'): HostPort | null {
  if (!existsSync(configPath)) return null;
  let config: Record<string, unknown>;
  try {
    config = parseToml(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  const tcp = config[section] as { address?: unknown } | undefined;
  if (typeof tcp?.address !== 'string') return null;
  const separator = tcp.address.lastIndexOf(':');
  const host = tcp.address.slice(0, separator).replace(/^\[|\]$/g, '');
  const port = Number(tcp.address.slice(separator + 1));
  if (!Number.isInteger(port) || port <= 0) return null;
  // A wildcard bind is reachable on loopback.
  return { host: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port };
}
