// `value.static = ...` or `value.computed = "date_time" | "timestamp_millis" | "uuid_v4" | ...`,
// the FieldValue of Iggy's transforms.
import { randomBytes, randomUUID } from 'node:crypto';
import { isTable } from '@iggy-node/tool-support';
import type { JsonValue } from '../plugin-api.js';

export type FieldValue = { static: JsonValue } | { computed: string };

const COMPUTED = new Set(['date_time', 'timestamp_nanos', 'timestamp_micros', 'timestamp_millis', 'timestamp_seconds', 'uuid_v4', 'uuid_v7']);

export function parseFieldValue(raw: unknown, what: string): FieldValue {
  if (!isTable(raw)) throw new Error(`${what}: value must be { static = ... } or { computed = "..." }`);
  if ('static' in raw) return { static: raw.static as JsonValue };
  if (typeof raw.computed === 'string' && COMPUTED.has(raw.computed)) return { computed: raw.computed };
  throw new Error(`${what}: computed must be one of ${[...COMPUTED].join(', ')}`);
}

export function resolveFieldValue(value: FieldValue): JsonValue {
  if ('static' in value) return structuredClone(value.static);
  const nowMs = Date.now();
  switch (value.computed) {
    case 'date_time':
      return new Date(nowMs).toISOString();
    case 'timestamp_nanos':
      return nowMs * 1_000_000;
    case 'timestamp_micros':
      return nowMs * 1000;
    case 'timestamp_millis':
      return nowMs;
    case 'timestamp_seconds':
      return Math.floor(nowMs / 1000);
    case 'uuid_v4':
      return randomUUID();
    default:
      return uuidV7(nowMs);
  }
}

function uuidV7(nowMs: number): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(nowMs, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
