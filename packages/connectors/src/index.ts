// Public API of iggy-connectors: the plugin contract for plugin authors, and the runtime for
// embedding it in another process.
export * from './plugin-api.js';
export { parseDurationMs } from './config/durations.js';
export { ConnectorsRuntime } from './runtime/connectors-runtime.js';
export { startStatusApi, type StatusApiServer } from './api/http-api.js';
export { loadRuntimeConfig, defaultRuntimeConfig, type ConnectorsRuntimeConfig } from './config/runtime-config.js';
export { loadConnectorConfigs, type ConnectorConfig, type SinkConnectorConfig, type SourceConnectorConfig } from './config/connector-config.js';
export { buildTransforms, applyTransforms, type JsonTransform } from './transforms/json-transforms.js';
