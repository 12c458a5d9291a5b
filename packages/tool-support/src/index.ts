export { applyEnvOverrides, isTable, mergeKnown, parseHostPort, readConfigFile, type ConfigTree } from './config-file.js';
export { loadToolConfig, type LoadedConfig, type LoadedToolConfig, type ToolConfigSource } from './load-tool-config.js';
export { connectIggy, createIggyClient, defaultIggyConnectionConfig, type IggyConnectionConfig } from './iggy-connection.js';
export {
  applyCors,
  defaultCorsConfig,
  defaultHttpTlsConfig,
  startHttpListener,
  type CorsConfig,
  type CorsExtras,
  type HttpListener,
  type HttpTlsConfig,
} from './http-listener.js';
export { defaultTelemetryConfig, telemetryWarning, type TelemetryConfig } from './telemetry-config.js';
export { CONFIG_FILE_BYTES_MAX } from './limits.js';
