import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify as stringifyToml } from 'smol-toml';
import { ConfigError } from './config-error.js';
import { configToRaw } from './config-to-raw.js';
import type { ServerConfig } from './server-config.js';

/** Addresses the listeners actually bound (`host:port`), which differ from the config for port 0. */
export interface BoundAddresses {
  tcpAddress?: string;
  quicAddress?: string;
  httpAddress?: string;
  websocketAddress?: string;
}

export const RUNTIME_CONFIG_FILE_NAME = 'current_config.toml';

/**
 * Writes the effective config to `{system.path}/{system.runtime.path}/current_config.toml` with
 * the transport addresses replaced by the bound ones, as Iggy does once all listeners are up.
 * Tests and tools read it to learn the ports a server on port 0 got. The file is written to a
 * temporary name and renamed, so a reader never sees half a file. Like Iggy's, it holds the
 * secrets of the config (it lives in the data directory), except the encryption key, which is
 * masked: it protects exactly that directory. Returns the absolute path written.
 */
export async function writeRuntimeConfig(config: ServerConfig, boundAddresses: BoundAddresses, options: { cwd?: string } = {}): Promise<string> {
  const effective: ServerConfig = {
    ...config,
    // The encryption key would let anyone who can read the data directory read the data too.
    system: {
      ...config.system,
      encryption: { ...config.system.encryption, key: maskSecret(config.system.encryption.key) },
      backup: { ...config.system.backup, s3: { ...config.system.backup.s3, secret_access_key: maskSecret(config.system.backup.s3.secret_access_key) } },
    },
    tcp: { ...config.tcp, address: boundAddresses.tcpAddress ?? config.tcp.address },
    quic: { ...config.quic, address: boundAddresses.quicAddress ?? config.quic.address },
    http: { ...config.http, address: boundAddresses.httpAddress ?? config.http.address },
    websocket: { ...config.websocket, address: boundAddresses.websocketAddress ?? config.websocket.address },
  };
  const directory = resolve(options.cwd ?? process.cwd(), config.system.path, config.system.runtime.path);
  const path = join(directory, RUNTIME_CONFIG_FILE_NAME);
  const temporaryPath = `${path}.${process.pid}.tmp`;
  const text = `# Effective configuration of the running server, written at start with bound addresses.\n${stringifyToml(configToRaw(effective))}\n`;
  try {
    await mkdir(directory, { recursive: true });
    await writeFile(temporaryPath, text, 'utf8');
    await rename(temporaryPath, path);
  } catch (error) {
    throw new ConfigError('IGGY_CONFIG_IO', `cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
  return path;
}

/** What a secret is replaced with in files and logs (an empty one stays empty: nothing is set). */
export const MASKED_SECRET = '******';

function maskSecret(value: string): string {
  return value === '' ? '' : MASKED_SECRET;
}
