import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;

export interface LocalServer {
  host: string;
  port: number;
  pid: number;
  dataDir: string;
  /** From the server's "Iggy server started" log line; null if it did not say. */
  shardCount: number | null;
  stop(): Promise<void>;
}

/** packages/server/dist/src/main.js, found through the workspace package or next to this package. */
export function serverMainPath(): string {
  try {
    const require = createRequire(import.meta.url);
    return join(dirname(require.resolve('@iggy-node/server/package.json')), 'dist/src/main.js');
  } catch {
    return new URL('../../../../server/dist/src/main.js', import.meta.url).pathname;
  }
}

/**
 * Starts our server like Iggy's bench starts iggy-server: a temporary data directory, TCP on
 * 127.0.0.1:0 (other transports off), root iggy/iggy; ready once runtime/current_config.toml
 * holds the bound [tcp] address. stop() sends SIGTERM (SIGKILL after 20 s) and removes the directory.
 */
export async function startLocalServer(options: { shards?: string | null; extraEnv?: Record<string, string>; nodeArgs?: string[]; transport?: 'tcp' | 'websocket' | 'http' | 'quic'; serverMain?: string | null } = {}): Promise<LocalServer> {
  const section = options.transport ?? 'tcp';
  const dataDir = mkdtempSync(join(tmpdir(), 'iggy-bench-'));
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGGY_')));
  const env: Record<string, string | undefined> = {
    ...inherited,
    IGGY_SYSTEM_PATH: dataDir,
    IGGY_TCP_ADDRESS: '127.0.0.1:0',
    IGGY_HTTP_ENABLED: section === 'http' ? 'true' : 'false',
    IGGY_HTTP_ADDRESS: '127.0.0.1:0',
    IGGY_QUIC_ENABLED: section === 'quic' ? 'true' : 'false',
    IGGY_QUIC_ADDRESS: '127.0.0.1:0',
    IGGY_WEBSOCKET_ENABLED: section === 'websocket' ? 'true' : 'false',
    IGGY_WEBSOCKET_ADDRESS: '127.0.0.1:0',
    ...(options.shards ? { IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: options.shards } : {}),
    // The diagnostic timeline (actors/actor-timeline.ts): the server's goes beside the actors'.
    ...(process.env['IGGY_BENCH_TIMELINE_DIR'] ? { IGGY_DIAG_TIMELINE_DIR: join(process.env['IGGY_BENCH_TIMELINE_DIR'], 'server') } : {}),
    ...options.extraEnv,
  };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.serverMain ?? serverMainPath(), '--with-default-root-credentials'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  // Reap the server if the bench dies abruptly; stop() is the normal path.
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  let output = '';
  let shardCount: number | null = null;
  const onText = (text: string) => {
    output = (output + text).slice(-64 * 1024);
    const match = /"shardCount":(\d+)/.exec(text);
    if (match) shardCount = Number(match[1]);
  };
  child.stdout!.setEncoding('utf8').on('data', onText);
  child.stderr!.setEncoding('utf8').on('data', onText);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  const stop = async () => {
    if (!hasExited) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    process.removeListener('exit', reap);
    rmSync(dataDir, { recursive: true, force: true });
  };

  const configPath = join(dataDir, 'runtime', 'current_config.toml');
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const address = hasExited ? null : readBoundAddress(configPath, section);
    if (address) {
      // The config is written after the listeners; give the log line with the shard count a moment.
      for (let i = 0; i < 20 && shardCount === null; i++) await new Promise((r) => setTimeout(r, 25));
      return { ...address, pid: child.pid!, dataDir, shardCount, stop };
    }
    if (hasExited || Date.now() > deadline) {
      await stop();
      throw new Error(`server did not start (${hasExited ? 'exited' : 'timeout'}):\n${output.slice(-4000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The `address` under [tcp], [websocket], [http] or [quic] in current_config.toml; null until it holds a real port. */
function readBoundAddress(configPath: string, name: 'tcp' | 'websocket' | 'http' | 'quic'): { host: string; port: number } | null {
  if (!existsSync(configPath)) return null;
  const text = readFileSync(configPath, 'utf8');
  const section = new RegExp(`^\\[${name}\\]\\s*$([\\s\\S]*?)(?=^\\[)`, 'm').exec(text + '\n[');
  const match = section && /^address\s*=\s*"([^"]+)"/m.exec(section[1]!);
  if (!match) return null;
  return parseAddress(match[1]!);
}

export function parseAddress(address: string): { host: string; port: number } | null {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(address.slice(at + 1));
  if (!Number.isInteger(port) || port <= 0) return null;
  return { host: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, port };
}
