// One file per connector in [connectors] config_dir, as Iggy's local provider reads them:
// `{name}_sink.toml` / `{name}_source.toml` with type, key, enabled, version, name, path,
// [[streams]], [plugin_config] and [transforms.*].
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CONNECTOR_FILES_MAX, SINK_BATCH_LENGTH_MAX, SOURCE_SEND_BATCH_MAX } from '../limits.js';
import type { Schema } from '../plugin-api.js';
import { isTable, readConfigFile, type ConfigTree } from '@iggy-node/tool-support';
import { parseDurationMs } from './durations.js';

export interface SinkStreamConfig {
  stream: string;
  topics: string[];
  schema: Schema;
  batchLength: number;
  pollIntervalMs: number;
  consumerGroup: string;
}

export interface SourceStreamConfig {
  stream: string;
  topic: string;
  schema: Schema;
  batchLength: number;
  lingerTimeMs: number;
}

interface ConnectorConfigBase {
  key: string;
  name: string;
  enabled: boolean;
  version: number;
  /** Plugin module: a built-in, a local file or an npm package (see plugin-loader.ts). */
  path: string;
  verbose: boolean;
  pluginConfig: Record<string, unknown>;
  pluginConfigFormat: string | null;
  transforms: ConfigTree;
  /** The file it came from, and its directory (relative plugin paths resolve against it). */
  file: string;
  dir: string;
}

export interface SinkConnectorConfig extends ConnectorConfigBase {
  type: 'sink';
  streams: SinkStreamConfig[];
}

export interface SourceConnectorConfig extends ConnectorConfigBase {
  type: 'source';
  streams: SourceStreamConfig[];
}

export type ConnectorConfig = SinkConnectorConfig | SourceConnectorConfig;

const SCHEMAS: readonly Schema[] = ['json', 'raw', 'text'];

/**
 * Every *.toml file in `dir` (dot files and `excludeFile`, the runtime's own config when it lives
 * there, skipped), enabled or not, as Iggy's local provider; duplicate keys are an error.
 */
export function loadConnectorConfigs(dir: string, warn: (line: string) => void, excludeFile: string | null = null): ConnectorConfig[] {
  if (!existsSync(dir)) throw new Error(`[connectors] config_dir ${dir} does not exist (set it, or IGGY_CONNECTORS_CONNECTORS_CONFIG_DIR)`);
  const excluded = excludeFile ? resolve(excludeFile) : null;
  const files = readdirSync(dir)
    .filter((name) => /\.toml$/i.test(name) && !name.startsWith('.') && resolve(dir, name) !== excluded)
    .sort();
  if (files.length > CONNECTOR_FILES_MAX) throw new Error(`${dir} holds ${files.length} connector files, more than ${CONNECTOR_FILES_MAX}`);
  const configs: ConnectorConfig[] = [];
  const seen = new Set<string>();
  for (const name of files) {
    const config = parseConnectorFile(join(dir, name), warn);
    const id = `${config.type}:${config.key}`;
    if (seen.has(id)) throw new Error(`two ${config.type} connectors have key "${config.key}" (second in ${name})`);
    seen.add(id);
    configs.push(config);
  }
  return configs;
}

export function parseConnectorFile(file: string, warn: (line: string) => void): ConnectorConfig {
  const raw = readConfigFile(file);
  const where = basename(file);
  // The type comes from the file, else from the name (`stdout_sink.toml`).
  const inferred = /_(sink|source)\.[a-z]+$/i.exec(where)?.[1]?.toLowerCase();
  const type = String(raw.type ?? inferred ?? '');
  if (type !== 'sink' && type !== 'source') throw new Error(`${where}: type must be "sink" or "source"`);
  const key = requireString(raw.key ?? where.replace(/_(sink|source)\..*$/i, ''), `${where}: key`);
  if (!/^[A-Za-z0-9_.-]+$/.test(key)) throw new Error(`${where}: key "${key}" may hold only letters, digits, _ . -`);
  const known = new Set(['type', 'key', 'enabled', 'version', 'name', 'path', 'verbose', 'plugin_config_format', 'streams', 'plugin_config', 'transforms']);
  for (const name of Object.keys(raw)) if (!known.has(name)) warn(`${where}: unknown setting "${name}" is ignored`);
  const base = {
    key,
    name: typeof raw.name === 'string' ? raw.name : key,
    enabled: raw.enabled === undefined ? true : raw.enabled === true,
    version: typeof raw.version === 'number' ? raw.version : 0,
    path: typeof raw.path === 'string' ? raw.path : '',
    verbose: raw.verbose === true,
    pluginConfig: isTable(raw.plugin_config) ? raw.plugin_config : {},
    pluginConfigFormat: typeof raw.plugin_config_format === 'string' ? raw.plugin_config_format : null,
    transforms: isTable(raw.transforms) ? raw.transforms : {},
    file,
    dir: file.slice(0, file.length - where.length),
  };
  const streams = Array.isArray(raw.streams) ? raw.streams : [];
  if (streams.length === 0) throw new Error(`${where}: needs at least one [[streams]] entry`);
  if (type === 'sink') {
    return {
      ...base,
      type,
      streams: streams.map((entry, index) => {
        const what = `${where} streams[${index}]`;
        if (!isTable(entry)) throw new Error(`${what}: not a table`);
        const topics = Array.isArray(entry.topics) ? entry.topics.map((topic) => requireString(topic, `${what}.topics`)) : [];
        if (topics.length === 0) throw new Error(`${what}: topics must list at least one topic`);
        return {
          stream: requireString(entry.stream, `${what}.stream`),
          topics,
          schema: parseSchema(entry.schema, what),
          batchLength: boundedInt(entry.batch_length, 100, SINK_BATCH_LENGTH_MAX, `${what}.batch_length`),
          pollIntervalMs: parseDurationMs(entry.poll_interval, `${what}.poll_interval`, 5),
          consumerGroup: typeof entry.consumer_group === 'string' && entry.consumer_group ? entry.consumer_group : `${key}_sink_connector`,
        };
      }),
    };
  }
  return {
    ...base,
    type,
    streams: streams.map((entry, index) => {
      const what = `${where} streams[${index}]`;
      if (!isTable(entry)) throw new Error(`${what}: not a table`);
      // Each poll's messages are sent at once (in batch_length chunks); nothing waits to fill a batch.
      if (entry.linger_time !== undefined) warn(`${what}: linger_time is not used by this runtime; each poll is sent as it comes`);
      return {
        stream: requireString(entry.stream, `${what}.stream`),
        topic: requireString(entry.topic, `${what}.topic`),
        schema: parseSchema(entry.schema, what),
        batchLength: boundedInt(entry.batch_length, 1000, SOURCE_SEND_BATCH_MAX, `${what}.batch_length`),
        lingerTimeMs: parseDurationMs(entry.linger_time, `${what}.linger_time`, 5),
      };
    }),
  };
}

function parseSchema(value: unknown, what: string): Schema {
  const schema = (value ?? 'json') as Schema;
  if (!SCHEMAS.includes(schema)) throw new Error(`${what}.schema "${String(value)}" is not one of ${SCHEMAS.join(', ')} (proto and flatbuffer are not supported)`);
  return schema;
}

function requireString(value: unknown, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what} must be a non-empty string`);
  return value;
}

function boundedInt(value: unknown, fallback: number, max: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer`);
  return Math.min(value, max);
}
