// The runtime's own configuration, with the sections and keys of Iggy's connectors runtime
// (core/connectors/runtime/config.toml), from IGGY_CONNECTORS_CONFIG_PATH (TOML, YAML or JSON)
// with IGGY_CONNECTORS_SECTION_KEY overrides.
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  defaultCorsConfig,
  defaultHttpTlsConfig,
  defaultIggyConnectionConfig,
  defaultTelemetryConfig,
  loadToolConfig,
  parseHostPort,
  telemetryWarning,
  type ConfigTree,
  type CorsConfig,
  type HttpTlsConfig,
  type IggyConnectionConfig,
  type LoadedConfig,
  type TelemetryConfig,
} from '@iggy-node/tool-support';

export type { CorsConfig };

export interface ConnectorsRuntimeConfig {
  http: {
    enabled: boolean;
    address: string;
    /** When set, every request must carry it in the `api-key` header. */
    api_key: string;
    cors: CorsConfig;
    metrics: { enabled: boolean; endpoint: string };
    tls: HttpTlsConfig;
  };
  iggy: IggyConnectionConfig;
  state: { path: string };
  connectors: { config_type: string; config_dir: string };
  /** Ours: how failing sink writes, source sends and polls are retried. */
  retry: { initial_delay: string; max_delay: string };
  telemetry: TelemetryConfig;
}

export function defaultRuntimeConfig(): ConnectorsRuntimeConfig {
  return {
    http: {
      enabled: true,
      address: '127.0.0.1:8081',
      api_key: '',
      cors: defaultCorsConfig(),
      metrics: { enabled: false, endpoint: '/metrics' },
      tls: defaultHttpTlsConfig(),
    },
    iggy: defaultIggyConnectionConfig(),
    state: { path: 'local_state' },
    connectors: { config_type: 'local', config_dir: 'connectors' },
    retry: { initial_delay: '100ms', max_delay: '5s' },
    telemetry: defaultTelemetryConfig('iggy-connectors'),
  };
}

export const CONNECTORS_ENV_PREFIX = 'IGGY_CONNECTORS_';
const DEFAULT_CONFIG_PATH = 'core/connectors/runtime/config.toml';

export type LoadedRuntimeConfig = LoadedConfig<ConnectorsRuntimeConfig>;

/**
 * Relative `state.path` and `connectors.config_dir` are resolved against the config file's
 * directory (so a config directory can be moved as a whole), else against the working directory.
 */
export function loadRuntimeConfig(env: NodeJS.ProcessEnv = process.env): LoadedRuntimeConfig {
  // Iggy also reads per-connector overrides (IGGY_CONNECTORS_SINK_<KEY>_...); they are not read
  // here, so they are among the variables warned about as naming no runtime setting.
  const defaults = defaultRuntimeConfig() as unknown as ConfigTree;
  const source = { defaults, envPrefix: CONNECTORS_ENV_PREFIX, defaultPath: DEFAULT_CONFIG_PATH, settingNoun: 'runtime setting' };
  const { merged, path, warnings } = loadToolConfig(source, env);
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
  const telemetry = telemetryWarning(config.telemetry, 'runtime');
  if (telemetry) warnings.push(telemetry);
  return { config, path, warnings };
}
