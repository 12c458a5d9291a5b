// iggy-mcp configuration: the sections and keys of Iggy's MCP server (core/ai/mcp/config.toml),
// loaded from IGGY_MCP_CONFIG_PATH (TOML, YAML or JSON) with IGGY_MCP_SECTION_KEY overrides.
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

export type McpTransportKind = 'stdio' | 'http';

export interface McpServerConfig {
  transport: McpTransportKind;
  http: {
    address: string;
    path: string;
    cors: CorsConfig;
    tls: HttpTlsConfig;
  };
  /** `token`: a personal access token; when set it is used instead of username and password. */
  iggy: IggyConnectionConfig & {
    /** Consumer name for poll_messages and the offset tools. */
    consumer: string;
  };
  permissions: { create: boolean; read: boolean; update: boolean; delete: boolean };
  telemetry: TelemetryConfig;
}

/**
 * Works with no file at all: stdio, a local `npm start` server, root credentials. (Iggy's own
 * default transport is http; stdio is what an MCP host such as Claude Desktop launches.)
 */
export function defaultMcpConfig(): McpServerConfig {
  return {
    transport: 'stdio',
    http: {
      address: '127.0.0.1:8082',
      path: '/mcp',
      cors: defaultCorsConfig(),
      tls: defaultHttpTlsConfig(),
    },
    iggy: { ...defaultIggyConnectionConfig(), consumer: 'iggy-mcp' },
    permissions: { create: true, read: true, update: true, delete: true },
    telemetry: defaultTelemetryConfig('iggy-mcp'),
  };
}

export const MCP_ENV_PREFIX = 'IGGY_MCP_';
/** Iggy's default path, relative to its repository root; used only when it exists. */
const DEFAULT_CONFIG_PATH = 'core/ai/mcp/config.toml';

/** `warnings`: unknown keys and variables, and settings this server does not honour. */
export type LoadedMcpConfig = LoadedConfig<McpServerConfig>;

export function loadMcpConfig(env: NodeJS.ProcessEnv = process.env): LoadedMcpConfig {
  const defaults = defaultMcpConfig() as unknown as ConfigTree;
  const source = { defaults, envPrefix: MCP_ENV_PREFIX, defaultPath: DEFAULT_CONFIG_PATH, settingNoun: 'setting' };
  const { merged, path, warnings } = loadToolConfig(source, env);
  const config = merged as unknown as McpServerConfig;
  validateMcpConfig(config);
  const telemetry = telemetryWarning(config.telemetry, 'iggy-mcp');
  if (telemetry) warnings.push(telemetry);
  return { config, path, warnings };
}

function validateMcpConfig(config: McpServerConfig): void {
  const transport = String(config.transport).toLowerCase();
  if (transport !== 'stdio' && transport !== 'http') throw new Error(`transport "${config.transport}" is not one of stdio, http`);
  config.transport = transport;
  parseHostPort(config.iggy.address, '[iggy] address');
  if (config.transport === 'http') parseHostPort(config.http.address, '[http] address');
  if (!config.http.path.startsWith('/')) throw new Error(`[http] path "${config.http.path}" must start with /`);
  if (!config.iggy.token && !config.iggy.username) throw new Error('[iggy] needs a token or a username and password');
  for (const key of ['create', 'read', 'update', 'delete'] as const) {
    if (typeof config.permissions[key] !== 'boolean') throw new Error(`[permissions] ${key} must be true or false`);
  }
}
