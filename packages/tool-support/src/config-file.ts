// Reads a configuration file in TOML, YAML or JSON (chosen by extension, as Iggy's figment
// providers are) and applies IGGY_<PREFIX>_SECTION_KEY environment overrides on top of defaults.
import { readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { CONFIG_FILE_BYTES_MAX } from './limits.js';

export type ConfigTree = { [key: string]: unknown };

/** Parses `path` by its extension (.toml, .yaml/.yml, .json). */
export function readConfigFile(path: string): ConfigTree {
  const size = statSync(path).size;
  if (size > CONFIG_FILE_BYTES_MAX) throw new Error(`config file ${path} is ${size} bytes, more than ${CONFIG_FILE_BYTES_MAX}`);
  const text = readFileSync(path, 'utf8');
  const extension = extname(path).toLowerCase();
  let parsed: unknown;
  if (extension === '.yaml' || extension === '.yml') parsed = parseYaml(text);
  else if (extension === '.json') parsed = JSON.parse(text);
  else parsed = parseToml(text);
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`config file ${path} is not a table of sections`);
  return parsed as ConfigTree;
}

/**
 * Deep-merges `override` into a copy of `base`; only keys that exist in `base` are taken, the
 * others are returned in `unknownKeys` (dotted) so the caller can warn about them.
 */
export function mergeKnown(base: ConfigTree, override: ConfigTree, prefix = '', unknownKeys: string[] = []): { merged: ConfigTree; unknownKeys: string[] } {
  const merged: ConfigTree = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!(key in base)) {
      unknownKeys.push(path);
      continue;
    }
    const current = base[key];
    if (isTable(current) && isTable(value)) merged[key] = mergeKnown(current, value, path, unknownKeys).merged;
    else merged[key] = value;
  }
  return { merged, unknownKeys };
}

/**
 * Applies `${envPrefix}SECTION_KEY` variables: every leaf of `defaults` gets a name made of its
 * path in upper case joined by '_' (`[http.cors] enabled` -> IGGY_MCP_HTTP_CORS_ENABLED). Values
 * are parsed by the type of the default: booleans, numbers, comma-separated lists, strings.
 * Returns the variables with the prefix that name no setting (for a start-up warning).
 */
export function applyEnvOverrides(config: ConfigTree, defaults: ConfigTree, envPrefix: string, env: NodeJS.ProcessEnv, ignored: ReadonlySet<string>): string[] {
  const leaves = new Map<string, string[]>();
  collectLeaves(defaults, [], leaves, envPrefix);
  const unknown: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(envPrefix) || raw === undefined || ignored.has(name)) continue;
    const path = leaves.get(name.toUpperCase());
    if (!path) {
      unknown.push(name);
      continue;
    }
    let table = config;
    let defaultTable = defaults;
    for (const key of path.slice(0, -1)) {
      if (!isTable(table[key])) table[key] = {};
      table = table[key] as ConfigTree;
      defaultTable = defaultTable[key] as ConfigTree;
    }
    const leaf = path[path.length - 1]!;
    table[leaf] = parseEnvValue(raw, defaultTable[leaf], name);
  }
  return unknown;
}

function collectLeaves(tree: ConfigTree, path: string[], out: Map<string, string[]>, envPrefix: string): void {
  for (const [key, value] of Object.entries(tree)) {
    const next = [...path, key];
    if (isTable(value)) collectLeaves(value, next, out, envPrefix);
    else out.set(envPrefix + next.join('_').toUpperCase(), next);
  }
}

function parseEnvValue(raw: string, example: unknown, name: string): unknown {
  if (typeof example === 'boolean') {
    const lowered = raw.trim().toLowerCase();
    if (lowered === 'true' || lowered === '1') return true;
    if (lowered === 'false' || lowered === '0') return false;
    throw new Error(`${name}=${raw}: expected true or false`);
  }
  if (typeof example === 'number') {
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new Error(`${name}=${raw}: expected a number`);
    return value;
  }
  if (Array.isArray(example)) {
    const trimmed = raw.trim();
    if (trimmed.startsWith('[')) return JSON.parse(trimmed) as unknown;
    return trimmed === '' ? [] : trimmed.split(',').map((item) => item.trim());
  }
  return raw;
}

export function isTable(value: unknown): value is ConfigTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "host:port" or "[v6]:port" -> parts; throws a clear error otherwise. */
export function parseHostPort(address: string, what: string): { host: string; port: number } {
  const separator = address.lastIndexOf(':');
  const port = Number(address.slice(separator + 1));
  if (separator <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${what} "${address}" is not host:port`);
  return { host: address.slice(0, separator).replace(/^\[|\]$/g, ''), port };
}
