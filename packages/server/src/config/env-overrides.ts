import { arrayItemSchema, ENV_ARRAY_INDEX_MAX, isArrayOfTables, type LeafKind, type TableSchema } from './config-schema.js';
import { isRawTable, type RawTable, type RawValue } from './raw-config.js';

export const ENV_PREFIX = 'IGGY_';

/**
 * IGGY_* names that are not config keys and must not trigger the unknown-variable warning:
 * Iggy's own ignore list, plus the variables this project reads elsewhere.
 */
const IGNORED_ENV_NAMES = new Set([
  'IGGY_CI_BUILD',
  'IGGY_CONFIG_PATH',
  'IGGY_CONNECTORS_CONFIG_PATH',
  'IGGY_MCP_CONFIG_PATH',
  'IGGY_ROOT_PASSWORD',
  'IGGY_ROOT_USERNAME',
  'IGGY_TEST_CLEANUP_DISABLED',
  'IGGY_TEST_VERBOSE',
  // Ours: Iggy reads these two as well but forgot them in its list (so it warns about them).
  'IGGY_ENV_PATH',
  'IGGY_DISPLAY_CONFIG',
]);
const IGNORED_ENV_PREFIXES = ['IGGY_CONNECTORS_SINK_', 'IGGY_CONNECTORS_SOURCE_', /* ours: test harness knobs */ 'IGGY_TEST_'];

/** Where one variable lands: a path of keys and array indices, and the kind of value there. */
interface EnvMapping {
  path: Array<string | number>;
  kind: LeafKind;
}

/**
 * Every variable name the schema generates, as Iggy's ConfigEnv derive does: `IGGY_` + the key
 * path upper-cased and joined with `_`; arrays of tables get an index segment 0..9
 * (`IGGY_CLUSTER_NODE_OTHERS_0_IP`). Lookup is by exact name, so underscores inside key names
 * are never ambiguous.
 */
export function envVariableMappings(schema: TableSchema): Map<string, EnvMapping> {
  const mappings = new Map<string, EnvMapping>();
  const walk = (table: TableSchema, path: Array<string | number>): void => {
    for (const [key, node] of Object.entries(table)) {
      if (typeof node === 'string') {
        const fullPath = [...path, key];
        mappings.set(ENV_PREFIX + fullPath.map((part) => String(part).toUpperCase()).join('_'), { path: fullPath, kind: node });
      } else if (isArrayOfTables(node)) {
        for (let index = 0; index <= ENV_ARRAY_INDEX_MAX; index += 1) walk(arrayItemSchema(node), [...path, key, index]);
      } else {
        walk(node, [...path, key]);
      }
    }
  };
  walk(schema, []);
  return mappings;
}

/** Splits Iggy's inline array syntax `[GET, "POST"]` (commas inside double quotes do not split). */
export function parseEnvArray(value: string): string[] {
  const trimmed = value.trim();
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  const elements: string[] = [];
  let start = 0;
  let inQuotes = false;
  for (let index = 0; index < inner.length; index += 1) {
    const char = inner[index];
    if (char === '"') inQuotes = !inQuotes;
    else if (char === ',' && !inQuotes) {
      elements.push(inner.slice(start, index));
      start = index + 1;
    }
  }
  if (start < inner.length) elements.push(inner.slice(start));
  return elements.map((element) => element.trim().replace(/^"+|"+$/g, ''));
}

/** Keeps only names that differ from `name` by a few edits, for "did you mean" hints. */
function similarNames(name: string, known: Iterable<string>): string[] {
  const distance = (a: string, b: string): number => {
    const row = Array.from({ length: b.length + 1 }, (_, index) => index);
    for (let i = 1; i <= a.length; i += 1) {
      let diagonal = row[0]!;
      row[0] = i;
      for (let j = 1; j <= b.length; j += 1) {
        const above = row[j]!;
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length]!;
  };
  return [...known].filter((candidate) => distance(name, candidate) <= 3).slice(0, 3);
}

function setAtPath(root: RawTable, path: Array<string | number>, value: RawValue): void {
  let table: RawTable = root;
  for (let index = 0; index < path.length - 1; index += 1) {
    const key = String(path[index]);
    const next = table[key];
    if (!isRawTable(next)) table[key] = {};
    table = table[key] as RawTable;
  }
  table[String(path[path.length - 1])] = value;
}

/**
 * Index-keyed tables (`{ "0": {...}, "2": {...} }`) become arrays, with missing lower indices
 * as empty tables, as Iggy's env provider assembles them.
 */
function indexTablesToArrays(value: RawValue): RawValue {
  if (!isRawTable(value)) return value;
  const converted: RawTable = {};
  for (const [key, item] of Object.entries(value)) converted[key] = indexTablesToArrays(item);
  const keys = Object.keys(converted);
  if (keys.length === 0 || !keys.every((key) => /^\d+$/.test(key))) return converted;
  const length = Math.max(...keys.map(Number)) + 1;
  return Array.from({ length }, (_, index) => converted[String(index)] ?? {});
}

/**
 * Reads the IGGY_* variables of `env` into a raw layer that overrides the file. Values stay
 * strings (the converter parses them by the key's kind, which gives the same result as Iggy's
 * type guessing), except arrays of strings, given inline as `[a, b]`. Empty values are ignored.
 * Unknown IGGY_* names produce a warning with similar names, like Iggy.
 */
export function readEnvOverrides(env: Record<string, string | undefined>, schema: TableSchema): { raw: RawTable; warnings: string[]; appliedNames: string[] } {
  const mappings = envVariableMappings(schema);
  const raw: RawTable = {};
  const warnings: string[] = [];
  const appliedNames: string[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith(ENV_PREFIX)) continue;
    const value = env[name];
    const mapping = mappings.get(name);
    if (mapping === undefined) {
      if (IGNORED_ENV_NAMES.has(name) || IGNORED_ENV_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
      const similar = similarNames(name, mappings.keys());
      warnings.push(
        `Unknown environment variable '${name}' will be ignored.` + (similar.length > 0 ? ` Similar variables: ${similar.join(', ')}?` : ''),
      );
      continue;
    }
    if (value === undefined || value === '') continue;
    setAtPath(raw, mapping.path, mapping.kind === 'string_array' ? parseEnvArray(value) : value);
    appliedNames.push(name);
  }
  return { raw: indexTablesToArrays(raw) as RawTable, warnings, appliedNames };
}
