import { ConfigError } from './config-error.js';
import { arrayItemSchema, CONFIG_SCHEMA, isArrayOfTables, type LeafKind, type TableSchema } from './config-schema.js';
import { parseCpuAllocation, formatCpuAllocation } from './cpu-allocation.js';
import { isRawTable, type RawTable, type RawValue } from './raw-config.js';
import type { ServerConfig } from './server-config.js';
import { parseByteSize, parseDuration, parseExpiry, parseMaxTopicSize } from './units.js';

/**
 * Converts the merged raw tree into a typed ServerConfig: sizes to bytes, durations to
 * milliseconds, enums checked. Every failure is a ConfigError naming the dotted key. Keys the
 * schema does not know are reported in `unknownKeys` (Iggy ignores them silently; we warn).
 */
export function convertRawConfig(raw: RawTable): { config: ServerConfig; unknownKeys: string[] } {
  const unknownKeys: string[] = [];
  const config = convertTable(CONFIG_SCHEMA, raw, '', unknownKeys) as unknown as ServerConfig;
  return { config, unknownKeys };
}

function joinKey(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

function convertTable(schema: TableSchema, raw: RawTable, prefix: string, unknownKeys: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) {
    if (!(key in schema)) unknownKeys.push(joinKey(prefix, key));
  }
  for (const [key, node] of Object.entries(schema)) {
    const path = joinKey(prefix, key);
    const value = raw[key];
    if (typeof node === 'string') {
      result[key] = convertLeaf(node, value, path);
    } else if (isArrayOfTables(node)) {
      if (value === undefined) throw ConfigError.invalid(path, 'missing (expected an array of tables)');
      if (!Array.isArray(value)) throw ConfigError.invalid(path, 'expected an array of tables');
      result[key] = value.map((item, index) => {
        const itemPath = `${path}[${index}]`;
        if (!isRawTable(item)) throw ConfigError.invalid(itemPath, 'expected a table');
        return convertTable(arrayItemSchema(node), item, itemPath, unknownKeys);
      });
    } else {
      // A missing table counts as empty, so tables whose fields are all optional may be left out.
      if (value !== undefined && !isRawTable(value)) throw ConfigError.invalid(path, 'expected a table');
      result[key] = convertTable(node, value ?? {}, path, unknownKeys);
    }
  }
  return result;
}

function describe(value: RawValue): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

function parseUnsigned(value: RawValue, path: string, max: number, typeName: string): number {
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0 || number > max) {
    throw ConfigError.invalid(path, `${describe(value)} is not a valid ${typeName}`);
  }
  return number;
}

/** Runs a units.ts parser and turns its plain Error into a ConfigError naming the key. */
function withKey<T>(path: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError('IGGY_CONFIG_INVALID', (error as Error).message, { key: path, cause: error });
  }
}

function expectSizeInput(value: RawValue, path: string): string | number {
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw ConfigError.invalid(path, `${describe(value)} is not a byte size (e.g. "512 MiB")`);
  }
  return value;
}

function convertLeaf(kind: LeafKind, value: RawValue | undefined, path: string): unknown {
  if (value === undefined) {
    if (kind === 'optional_size' || kind === 'optional_port') return null;
    throw ConfigError.invalid(path, 'missing');
  }
  switch (kind) {
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
      throw ConfigError.invalid(path, `${describe(value)} is not a boolean (true or false)`);
    case 'string':
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw ConfigError.invalid(path, `${describe(value)} is not a string`);
    case 'string_array':
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return [...value]; // a copy: never share arrays with DEFAULT_RAW_CONFIG
      throw ConfigError.invalid(path, `${describe(value)} is not an array of strings`);
    case 'u16':
      return parseUnsigned(value, path, 0xffff, 'port number (0-65535)');
    case 'optional_port':
      return parseUnsigned(value, path, 0xffff, 'port number (0-65535)');
    case 'u32':
      return parseUnsigned(value, path, 0xffff_ffff, 'unsigned 32-bit integer');
    case 'u64':
      return parseUnsigned(value, path, Number.MAX_SAFE_INTEGER, 'unsigned integer');
    case 'size':
    case 'optional_size':
      return withKey(path, () => parseByteSize(expectSizeInput(value, path)));
    case 'duration':
      if (typeof value !== 'string' && typeof value !== 'number') throw ConfigError.invalid(path, `${describe(value)} is not a duration`);
      return withKey(path, () => parseDuration(value));
    case 'expiry': {
      if (typeof value !== 'string' && typeof value !== 'number') throw ConfigError.invalid(path, `${describe(value)} is not an expiry`);
      const expiry = withKey(path, () => parseExpiry(value));
      if (expiry === 'server_default') throw ConfigError.invalid(path, 'cannot be server_default in the server config');
      if (expiry === 0) throw ConfigError.invalid(path, 'an expiry of 0 is not allowed; use "none" for never');
      return expiry;
    }
    case 'max_topic_size': {
      const size = withKey(path, () => parseMaxTopicSize(expectSizeInput(value, path)));
      if (size === 'server_default') throw ConfigError.invalid(path, 'cannot be server_default (or 0) in the server config; use "unlimited"');
      return size;
    }
    case 'cache_indexes': {
      if (value === true) return 'all';
      if (value === false) return 'none';
      const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
      if (text === 'all' || text === 'true') return 'all';
      if (text === 'open_segment') return 'open_segment';
      if (text === 'none' || text === 'false') return 'none';
      throw ConfigError.invalid(path, `${describe(value)} is not one of "all", "open_segment", "none"`);
    }
    case 'cpu_allocation': {
      if (typeof value !== 'string' && typeof value !== 'number') throw ConfigError.invalid(path, `${describe(value)} is not a CPU allocation`);
      // Normalised to Iggy's written form, so "4" and 4 both become 4.
      return formatCpuAllocation(withKey(path, () => parseCpuAllocation(value)));
    }
    case 'compression_algorithm': {
      const text = typeof value === 'string' ? value.trim().toLowerCase() : '';
      if (text === 'none' || text === 'gzip') return text;
      throw ConfigError.invalid(path, `${describe(value)} is not one of "none", "gzip"`);
    }
    case 'telemetry_transport':
      if (value === 'grpc' || value === 'http') return value;
      throw ConfigError.invalid(path, `${describe(value)} is not one of "grpc", "http"`);
  }
}
