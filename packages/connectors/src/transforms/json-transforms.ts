// Iggy's field transforms for JSON object payloads: add_fields, delete_fields, update_fields,
// filter_fields. Configured as `[transforms.<type>] enabled = true` plus its fields; applied in
// the order the config lists them. Non-object payloads pass through unchanged (as Iggy does).
import { isTable, type ConfigTree } from '@iggy-node/tool-support';
import type { JsonValue } from '../plugin-api.js';
import { parseFieldValue, resolveFieldValue, type FieldValue } from './field-value.js';

export type JsonObject = { [key: string]: JsonValue };

export interface JsonTransform {
  type: string;
  /** Returns the transformed object (possibly the same one, changed in place). */
  apply(payload: JsonObject): JsonObject;
}

export const TRANSFORM_TYPES = ['add_fields', 'delete_fields', 'update_fields', 'filter_fields'] as const;

export function buildTransforms(config: ConfigTree, what: string): JsonTransform[] {
  const transforms: JsonTransform[] = [];
  for (const [type, raw] of Object.entries(config)) {
    if (!isTable(raw)) throw new Error(`${what}: [transforms.${type}] must be a table`);
    if (raw.enabled === false) continue;
    const where = `${what} [transforms.${type}]`;
    switch (type) {
      case 'add_fields':
        transforms.push(addFields(raw, where));
        break;
      case 'delete_fields':
        transforms.push(deleteFields(raw, where));
        break;
      case 'update_fields':
        transforms.push(updateFields(raw, where));
        break;
      case 'filter_fields':
        transforms.push(filterFields(raw, where));
        break;
      default:
        throw new Error(`${where}: unknown transform; supported: ${TRANSFORM_TYPES.join(', ')} (proto_convert and flatbuffer_convert are not)`);
    }
  }
  return transforms;
}

/** Applies every transform to an object payload; other JSON values are returned as they are. */
export function applyTransforms(transforms: readonly JsonTransform[], payload: JsonValue): JsonValue {
  if (transforms.length === 0 || !isJsonObject(payload)) return payload;
  let current = payload;
  for (const transform of transforms) current = transform.apply(current);
  return current;
}

function isJsonObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fieldList(raw: ConfigTree, where: string): ConfigTree[] {
  const fields = raw.fields ?? [];
  if (!Array.isArray(fields) || !fields.every(isTable)) throw new Error(`${where}: fields must be a list of tables`);
  return fields;
}

function addFields(raw: ConfigTree, where: string): JsonTransform {
  const fields = fieldList(raw, where).map((field, index) => ({ key: String(field.key), value: parseFieldValue(field.value, `${where} fields[${index}]`) }));
  return {
    type: 'add_fields',
    apply(payload) {
      for (const field of fields) payload[field.key] = resolveFieldValue(field.value);
      return payload;
    },
  };
}

function deleteFields(raw: ConfigTree, where: string): JsonTransform {
  const fields = raw.fields ?? [];
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) throw new Error(`${where}: fields must be a list of key names`);
  const keys = new Set(fields as string[]);
  return {
    type: 'delete_fields',
    apply(payload) {
      for (const key of keys) delete payload[key];
      return payload;
    },
  };
}

type UpdateCondition = 'always' | 'key_exists' | 'key_not_exists';

function updateFields(raw: ConfigTree, where: string): JsonTransform {
  const fields = fieldList(raw, where).map((field, index) => {
    const condition = (field.condition ?? 'always') as UpdateCondition;
    if (!['always', 'key_exists', 'key_not_exists'].includes(condition)) throw new Error(`${where} fields[${index}]: condition must be always, key_exists or key_not_exists`);
    return { key: String(field.key), value: parseFieldValue(field.value, `${where} fields[${index}]`) as FieldValue, condition };
  });
  return {
    type: 'update_fields',
    apply(payload) {
      for (const field of fields) {
        const exists = Object.hasOwn(payload, field.key);
        if (field.condition === 'always' || (field.condition === 'key_exists') === exists) payload[field.key] = resolveFieldValue(field.value);
      }
      return payload;
    },
  };
}

type Matcher = (key: string, value: JsonValue) => boolean;

function filterFields(raw: ConfigTree, where: string): JsonTransform {
  const keep = new Set(Array.isArray(raw.keep_fields) ? raw.keep_fields.map(String) : []);
  const includeMatching = raw.include_matching !== false;
  const patterns: Matcher[] = (Array.isArray(raw.patterns) ? raw.patterns : []).map((pattern, index) => {
    if (!isTable(pattern)) throw new Error(`${where} patterns[${index}]: not a table`);
    const keyMatch = pattern.key_pattern === undefined ? null : keyMatcher(pattern.key_pattern, `${where} patterns[${index}].key_pattern`);
    const valueMatch = pattern.value_pattern === undefined ? null : valueMatcher(pattern.value_pattern, `${where} patterns[${index}].value_pattern`);
    return (key, value) => (keyMatch === null || keyMatch(key)) && (valueMatch === null || valueMatch(value));
  });
  return {
    type: 'filter_fields',
    apply(payload) {
      if (keep.size === 0 && patterns.length === 0) return payload;
      const result: JsonObject = {};
      for (const [key, value] of Object.entries(payload)) {
        if (keep.has(key)) {
          result[key] = value;
          continue;
        }
        const matches = patterns.some((matcher) => matcher(key, value));
        if (matches === includeMatching) result[key] = value;
      }
      return result;
    },
  };
}

function keyMatcher(raw: unknown, where: string): (key: string) => boolean {
  if (!isTable(raw)) throw new Error(`${where}: expected { exact | starts_with | ends_with | contains | regex = "..." }`);
  const [kind, arg] = Object.entries(raw)[0] ?? [];
  const text = String(arg);
  switch (kind) {
    case 'exact':
      return (key) => key === text;
    case 'starts_with':
      return (key) => key.startsWith(text);
    case 'ends_with':
      return (key) => key.endsWith(text);
    case 'contains':
      return (key) => key.includes(text);
    case 'regex': {
      const regex = new RegExp(text);
      return (key) => regex.test(key);
    }
    default:
      throw new Error(`${where}: unknown key pattern "${String(kind)}"`);
  }
}

function valueMatcher(raw: unknown, where: string): (value: JsonValue) => boolean {
  // Unit variants are written as plain strings ("is_null"); the others as one-key tables.
  if (typeof raw === 'string') {
    const checks: Record<string, (value: JsonValue) => boolean> = {
      is_null: (v) => v === null,
      is_not_null: (v) => v !== null,
      is_string: (v) => typeof v === 'string',
      is_number: (v) => typeof v === 'number',
      is_boolean: (v) => typeof v === 'boolean',
      is_object: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
      is_array: (v) => Array.isArray(v),
    };
    const check = checks[raw];
    if (!check) throw new Error(`${where}: unknown value pattern "${raw}"`);
    return check;
  }
  if (!isTable(raw)) throw new Error(`${where}: expected a value pattern`);
  const [kind, arg] = Object.entries(raw)[0] ?? [];
  switch (kind) {
    case 'equals':
      return (value) => JSON.stringify(value) === JSON.stringify(arg);
    case 'contains':
      return (value) => typeof value === 'string' && value.includes(String(arg));
    case 'regex': {
      const regex = new RegExp(String(arg));
      return (value) => typeof value === 'string' && regex.test(value);
    }
    case 'greater_than':
      return (value) => typeof value === 'number' && value > Number(arg);
    case 'less_than':
      return (value) => typeof value === 'number' && value < Number(arg);
    case 'between': {
      const [low, high] = Array.isArray(arg) ? arg.map(Number) : [NaN, NaN];
      return (value) => typeof value === 'number' && value >= low! && value <= high!;
    }
    default:
      throw new Error(`${where}: unknown value pattern "${String(kind)}"`);
  }
}
