/**
 * The managed-child mode of startServer(): runs dist/src/main.js in its own node process and
 * waits until it has written its bound addresses to <dataDir>/runtime/current_config.toml (done
 * after every listener is bound). stop() sends SIGTERM (drain and flush), SIGKILL after a timeout.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseToml } from 'smol-toml';
import { parseHostPort } from '../config/host-port.js';

const SERVER_MAIN_PATH = fileURLToPath(new URL('../main.js', import.meta.url));
const READY_POLL_INTERVAL_MS = 50;
const START_TIMEOUT_MS_DEFAULT = 30_000;
const STOP_TIMEOUT_MS = 20_000;
/** Server output kept for the error message of a failed start. */
const CAPTURED_OUTPUT_CHARS_MAX = 64 * 1024;

export interface ChildServerOptions {
  dataDir: string;
  fresh?: boolean;
  rootCredentials: { username: string; password: string };
  configPath?: string;
  env: Record<string, string>;
  startTimeoutMs?: number;
}

export interface ChildServer {
  tcpAddress: string;
  host: string;
  port: number;
  httpAddress: string | null;
  dataDir: string;
  shardCount: number;
  pid: number;
  stop(): Promise<void>;
}

export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('IGGY_')));
  const env = {
    ...inherited,
    ...options.env,
    IGGY_ROOT_USERNAME: options.rootCredentials.username,
    IGGY_ROOT_PASSWORD: options.rootCredentials.password,
    IGGY_CONFIG_PATH: options.configPath ?? path.join(options.dataDir, 'no-config-file.toml'),
  };
  const args = [SERVER_MAIN_PATH];
  if (options.fresh) args.push('--fresh');
  const runtimeConfig = path.join(options.dataDir, 'runtime', 'current_config.toml');
  rmSync(runtimeConfig, { force: true });
  const child = spawn(process.execPath, args, { env, cwd: options.dataDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const capture = (text: string) => {
    output = (output + text).slice(-CAPTURED_OUTPUT_CHARS_MAX);
  };
  child.stdout!.setEncoding('utf8').on('data', capture);
  child.stderr!.setEncoding('utf8').on('data', capture);
  let exited = false;
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => { exited = true; resolve(code); }));
  const spawnFailed = new Promise<never>((_, reject) => child.once('error', reject));
  spawnFailed.catch(() => undefined);

  const stop = async () => {
    if (!exited) child.kill('SIGTERM');
    const timer = setTimeout(() => { if (!exited) child.kill('SIGKILL'); }, STOP_TIMEOUT_MS);
    const code = await exit;
    clearTimeout(timer);
    if (code !== 0) throw new Error(`server (pid ${child.pid}) stopped with exit code ${code}\n${output}`);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? START_TIMEOUT_MS_DEFAULT);
  let addresses: { tcp: string; http: string | null } | null = null;
  try {
    while (!addresses) {
      if (exited) throw new Error(`server exited with code ${child.exitCode} before it was ready`);
      if (Date.now() > deadline) throw new Error(`server not ready after ${options.startTimeoutMs ?? START_TIMEOUT_MS_DEFAULT} ms`);
      addresses = readBoundAddresses(runtimeConfig);
      if (!addresses) await Promise.race([new Promise((resolve) => setTimeout(resolve, READY_POLL_INTERVAL_MS)), spawnFailed]);
    }
  } catch (error) {
    if (!exited) child.kill('SIGKILL');
    await exit;
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`, { cause: error });
  }
  const { host, port } = parseHostPort(addresses.tcp);
  return {
    tcpAddress: addresses.tcp,
    host: host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host,
    port,
    httpAddress: addresses.http,
    dataDir: options.dataDir,
    shardCount: Number(options.env['IGGY_SYSTEM_SHARDING_CPU_ALLOCATION'] ?? 1),
    pid: child.pid!,
    stop,
  };
}

/** null while the file is missing, half-written or still has port 0. */
function readBoundAddresses(file: string): { tcp: string; http: string | null } | null {
  if (!existsSync(file)) return null;
  let config: { tcp?: { address?: unknown }; http?: { enabled?: unknown; address?: unknown } };
  try {
    config = parseToml(readFileSync(file, 'utf8')) as typeof config;
  } catch {
    return null;
  }
  const tcp = config.tcp?.address;
  if (typeof tcp !== 'string' || tcp.endsWith(':0')) return null;
  const http = config.http?.enabled === true && typeof config.http.address === 'string' ? config.http.address : null;
  return { tcp, http };
}
