import { arrayItemSchema, CONFIG_SCHEMA, isArrayOfTables, type LeafKind, type TableSchema } from './config-schema.js';
import type { RawTable, RawValue } from './raw-config.js';
import type { ServerConfig } from './server-config.js';
import { formatByteSize, formatDuration } from './units.js';

/**
 * Turns a ServerConfig back into the raw TOML tree, in units a person reads ("1 GiB", "30s",
 * "none") and that convertRawConfig parses to the same values. Absent optional values are
 * left out, since TOML has no null.
 */
export function configToRaw(config: ServerConfig): RawTable {
  return tableToRaw(CONFIG_SCHEMA, config as unknown as Record<string, unknown>);
}

function tableToRaw(schema: TableSchema, table: Record<string, unknown>): RawTable {
  const raw: RawTable = {};
  for (const [key, node] of Object.entries(schema)) {
    const value = table[key];
    if (typeof node === 'string') {
      const leaf = leafToRaw(node, value);
      if (leaf !== undefined) raw[key] = leaf;
    } else if (isArrayOfTables(node)) {
      raw[key] = (value as Array<Record<string, unknown>>).map((item) => tableToRaw(arrayItemSchema(node), item));
    } else {
      raw[key] = tableToRaw(node, value as Record<string, unknown>);
    }
  }
  return raw;
}

function leafToRaw(kind: LeafKind, value: unknown): RawValue | undefined {
  if (value === null || value === undefined) {
    if (kind === 'expiry') return 'none';
    if (kind === 'max_topic_size') return 'unlimited';
    return undefined;
  }
  switch (kind) {
    case 'size':
    case 'optional_size':
    case 'max_topic_size':
      return formatByteSize(value as number);
    case 'duration':
    case 'expiry':
      return formatDuration(value as number);
    default:
      return value as RawValue;
  }
}
