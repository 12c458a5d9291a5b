// The runtime's status HTTP API, on Iggy's routes: GET /, /health, /stats, /metrics (when
// [http.metrics] enabled), /sinks, /sinks/{key}, /sinks/{key}/configs/active,
// /sinks/{key}/configs/plugin, /sinks/{key}/transforms and the same under /sources. Read-only:
// Iggy's config-version endpoints (POST/PUT/DELETE .../configs) answer 405 here.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { cpus, freemem, totalmem } from 'node:os';
import { applyCors, startHttpListener, type CorsExtras, type HttpListener } from '@iggy-node/tool-support';
import type { ConnectorConfig } from '../config/connector-config.js';
import type { ConnectorsRuntimeConfig } from '../config/runtime-config.js';
import type { ConnectorState } from '../runtime/connector-status.js';
import type { ConnectorsRuntime } from '../runtime/connectors-runtime.js';

const RUNTIME_VERSION = '0.7.0';

export type StatusApiServer = HttpListener;

/** Browsers may send the api-key header; nothing beyond the configured headers is exposed. */
const STATUS_API_CORS_EXTRAS: CorsExtras = { exposedHeaders: [], allowedHeaders: ['api-key'], varyOnOrigin: false };

export async function startStatusApi(runtime: ConnectorsRuntime, httpConfig: ConnectorsRuntimeConfig['http']): Promise<StatusApiServer> {
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    request.resume(); // bodies are never read: drain them
    if (applyCors(httpConfig.cors, STATUS_API_CORS_EXTRAS, request, response)) return;
    if (httpConfig.api_key && request.headers['api-key'] !== httpConfig.api_key) return sendJson(response, 401, { error: 'missing or wrong api-key header' });
    const path = (request.url ?? '/').split('?')[0]!.replace(/\/+$/, '') || '/';
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendJson(response, 405, { error: 'this runtime serves status only; change connectors in their config files' });
    try {
      route(runtime, httpConfig, path, response);
    } catch (error) {
      sendJson(response, 500, { error: error instanceof Error ? error.message : String(error) });
    }
  };
  return startHttpListener(httpConfig.address, httpConfig.tls, handler);
}

function route(runtime: ConnectorsRuntime, httpConfig: ConnectorsRuntimeConfig['http'], path: string, response: ServerResponse): void {
  if (path === '/') return void response.writeHead(200, { 'content-type': 'text/plain' }).end('Connector Runtime API');
  if (path === '/health') return sendJson(response, 200, { status: 'healthy' });
  if (path === '/stats') return sendJson(response, 200, runtimeStats(runtime));
  if (httpConfig.metrics.enabled && path === httpConfig.metrics.endpoint) {
    return void response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' }).end(prometheusText(runtime));
  }
  const match = /^\/(sinks|sources)(?:\/([^/]+)(\/.*)?)?$/.exec(path);
  if (!match) return sendJson(response, 404, { error: `no route ${path}` });
  const type = match[1] === 'sinks' ? 'sink' : 'source';
  const all = runtime.connectors().filter((c) => c.config.type === type);
  if (!match[2]) return sendJson(response, 200, all.map((c) => c.state.info()));
  const key = decodeURIComponent(match[2]);
  const connector = all.find((c) => c.config.key === key);
  if (!connector) return sendJson(response, 404, { error: `${type} ${key} not found` });
  switch (match[3] ?? '') {
    case '':
      return sendJson(response, 200, { ...connector.state.info(), streams: streamsOf(connector.config) });
    case '/configs':
      // Iggy lists every stored version; here the file is the one version, and it is active.
      return sendJson(response, 200, [{ ...configOf(connector.config), active: true }]);
    case '/configs/active':
      return sendJson(response, 200, configOf(connector.config));
    case '/configs/plugin':
      return sendJson(response, 200, connector.config.pluginConfig);
    case '/transforms':
      return sendJson(response, 200, Object.entries(connector.config.transforms).map(([kind, config]) => ({ type: kind, config })));
    default:
      return sendJson(response, 404, { error: `no route ${path}` });
  }
}

function streamsOf(config: ConnectorConfig): unknown[] {
  if (config.type === 'sink') {
    return config.streams.map((s) => ({ stream: s.stream, topics: s.topics, schema: s.schema, batch_length: s.batchLength, poll_interval: `${s.pollIntervalMs}ms`, consumer_group: s.consumerGroup }));
  }
  return config.streams.map((s) => ({ stream: s.stream, topic: s.topic, schema: s.schema, batch_length: s.batchLength, linger_time: `${s.lingerTimeMs}ms` }));
}

function configOf(config: ConnectorConfig): Record<string, unknown> {
  return {
    key: config.key,
    enabled: config.enabled,
    version: config.version,
    name: config.name,
    path: config.path,
    transforms: config.transforms,
    streams: streamsOf(config),
    plugin_config_format: config.pluginConfigFormat,
    plugin_config: config.pluginConfig,
  };
}

function runtimeStats(runtime: ConnectorsRuntime): Record<string, unknown> {
  const connectors = runtime.connectors();
  const count = (type: string, running: boolean) => connectors.filter((c) => c.config.type === type && (!running || c.state.status === 'running')).length;
  const nowMicros = Date.now() * 1000;
  const usage = process.cpuUsage();
  const uptimeMicros = Math.max(1, process.uptime() * 1e6);
  return {
    connectors_runtime_version: RUNTIME_VERSION,
    process_id: process.pid,
    cpu_usage: ((usage.user + usage.system) / uptimeMicros) * 100,
    total_cpu_usage: cpus().length * 100,
    memory_usage: process.memoryUsage().rss,
    total_memory: totalmem(),
    available_memory: freemem(),
    run_time: nowMicros - runtime.startedAtMicros,
    start_time: runtime.startedAtMicros,
    sources_total: count('source', false),
    sources_running: count('source', true),
    sinks_total: count('sink', false),
    sinks_running: count('sink', true),
    connectors: connectors.map((c) => c.state.stats()),
  };
}

function prometheusText(runtime: ConnectorsRuntime): string {
  const lines: string[] = [];
  const metric = (name: string, help: string, rows: [ConnectorState, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const [state, value] of rows) lines.push(`${name}{connector_key="${state.key}",connector_type="${state.type}"} ${value}`);
  };
  const states = runtime.connectors().map((c) => c.state);
  const sources = states.filter((s) => s.type === 'source');
  const sinks = states.filter((s) => s.type === 'sink');
  metric('iggy_connector_messages_produced_total', 'Messages produced by source plugins', sources.map((s) => [s, s.messagesProduced]));
  metric('iggy_connector_messages_sent_total', 'Messages sources sent to Iggy', sources.map((s) => [s, s.messagesSent]));
  metric('iggy_connector_messages_consumed_total', 'Messages sinks polled from Iggy', sinks.map((s) => [s, s.messagesConsumed]));
  metric('iggy_connector_messages_processed_total', 'Messages sink plugins acknowledged', sinks.map((s) => [s, s.messagesProcessed]));
  metric('iggy_connector_errors_total', 'Errors per connector', states.map((s) => [s, s.errors]));
  return `${lines.join('\n')}\n`;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
