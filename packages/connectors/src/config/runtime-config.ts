// The runtime's own configuration, with the sections and keys of Iggy's connectors runtime
// (core/connectors/runtime/config.toml), from IGGY_CONNECTORS_CONFIG_PATH (TOML, YAML or JSON)
// with IGGY_CONNECTORS_SECTION_KEY overrides.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { applyEnvOverrides, mergeKnown, parseHostPort, readConfigFile, type ConfigTree } from './config-file.js';

export interface CorsConfig {
  enabled: boolean;
  allowed_methods: string[];
  allowed_origins: string[];
  allowed_headers: string[];
  exposed_headers: string[];
  allow_credentials: boolean;
  allow_private_network: boolean;
}

export interface ConnectorsRuntimeConfig {
  http: {
    enabled: boolean;
    address: string;
    /** When set, every request must carry it in the `api-key` header. */
    api_key: string;
    cors: CorsConfig;
    metrics: { enabled: boolean; endpoint: string };
    tls: { enabled: boolean; cert_file: string; key_file: string };
  };
  iggy: {
    address: string;
    username: string;
    password: string;
    token: string;
    tls: { enabled: boolean; ca_file: string; domain: string };
  };
  state: { path: string };
  connectors: { config_type: string; config_dir: string };
  /** Ours: how failing sink writes, source sends and polls are retried. */
  retry: { initial_delay: string; max_delay: string };
  telemetry: { enabled: boolean; service_name: string; logs: { transport: string; endpoint: string }; traces: { transport: string; endpoint: string } };
}

export function defaultRuntimeConfig(): ConnectorsRuntimeConfig {
  return {
    http: {
      enabled: true,
      address: '127.0.0.1:8081',
      api_key: '',
      cors: {
        enabled: false,
        allowed_methods: ['GET', 'POST', 'PUT', 'DELETE'],
        allowed_origins: ['*'],
        allowed_headers: ['content-type'],
        exposed_headers: [],
        allow_credentials: false,
        allow_private_network: false,
      },
      metrics: { enabled: false, endpoint: '/metrics' },
      tls: { enabled: false, cert_file: 'core/certs/iggy_cert.pem', key_file: 'core/certs/iggy_key.pem' },
    },
    iggy: { address: '127.0.0.1:8090', username: 'iggy', password: 'iggy', token: '', tls: { enabled: false, ca_file: '', domain: '' } },
    state: { path: 'local_state' },
    connectors: { config_type: 'local', config_dir: 'connectors' },
    retry: { initial_delay: '100ms', max_delay: '5s' },
    telemetry: {
      enabled: false,
      service_name: 'iggy-connectors',
      logs: { transport: 'grpc', endpoint: 'http://localhost:4317' },
      traces: { transport: 'grpc', endpoint: 'http://localhost:4317' },
    },
  };
}

export const CONNECTORS_ENV_PREFIX = 'IGGY_CONNECTORS_';
const NON_SETTING_VARIABLES = new Set(['IGGY_CONNECTORS_CONFIG_PATH', 'IGGY_CONNECTORS_ENV_PATH']);
const DEFAULT_CONFIG_PATH = 'core/connectors/runtime/config.toml';

export interface LoadedRuntimeConfig {
  config: ConnectorsRuntimeConfig;
  path: string | null;
  warnings: string[];
}

/**
 * Relative `state.path` and `connectors.config_dir` are resolved against the config file's
 * directory (so a config directory can be moved as a whole), else against the working directory.
 */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): LoadedRuntimeConfig {
  const defaults = defaultRuntimeConfig() as unknown as ConfigTree;
  const warnings: string[] = [];
  let path: string | null = env.IGGY_CONNECTORS_CONFIG_PATH || null;
  if (path && !existsSync(path)) throw new Error(`IGGY_CONNECTORS_CONFIG_PATH=${path}: no such file`);
  if (!path && existsSync(DEFAULT_CONFIG_PATH)) path = DEFAULT_CONFIG_PATH;
  let merged: ConfigTree = structuredClone(defaults);
  if (path) {
    const result = mergeKnown(defaults, readConfigFile(path));
    merged = result.merged;
    for (const key of result.unknownKeys) warnings.push(`unknown setting "${key}" in ${path} is ignored`);
  }
  for (const name of applyEnvOverrides(merged, defaults, CONNECTORS_ENV_PREFIX, env, NON_SETTING_VARIABLES)) {
    // Iggy also reads per-connector overrides (IGGY_CONNECTORS_SINK_<KEY>_...); they are not read here.
    warnings.push(`environment variable ${name} names no runtime setting and is ignored`);
  }
  const config = merged as unknown as ConnectorsRuntimeConfig;
  const base = path ? dirname(resolve(path)) : process.cwd();
  config.state.path = isAbsolute(config.state.path) ? config.state.path : resolve(base, config.state.path);
  if (config.connectors.config_dir) {
    config.connectors.config_dir = isAbsolute(config.connectors.config_dir) ? config.connectors.config_dir : resolve(base, config.connectors.config_dir);
  }
  parseHostPort(config.iggy.address, '[iggy] address');
  if (config.http.enabled) parseHostPort(config.http.address, '[http] address');
  if (config.connectors.config_type !== 'local') {
    throw new Error(`[connectors] config_type "${config.connectors.config_type}" is not supported; only "local" (files in config_dir) is`);
  }
  if (config.telemetry.enabled) warnings.push('[telemetry] enabled = true is not supported by this runtime: no OpenTelemetry export happens');
  return { config, path, warnings };
}
