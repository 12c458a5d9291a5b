/**
 * Table output for people: µs timestamps as local dates, byte counts as KiB/MiB, durations,
 * enum codes as names, permissions as one summary line, nested lists as counts. `--output json`
 * bypasses all of this and keeps the raw values.
 */
import { U64_MAX } from '../args/u64-max.js';
import { formatByteSize } from '../args/parse-byte-size.js';
import { formatExpiry } from '../args/parse-expiry.js';
import { summarizePermissions } from './summarize-permissions.js';

const COMPRESSION = new Map<number, string>([[1, 'none'], [2, 'gzip']]);
const USER_STATUS = new Map<number, string>([[1, 'active'], [2, 'inactive']]);
const TRANSPORT = new Map<number, string>([[1, 'tcp'], [2, 'quic'], [3, 'http'], [4, 'websocket']]);
const BYTE_KEYS = new Set(['memoryUsage', 'totalMemory', 'availableMemory', 'readBytes', 'writtenBytes', 'maxTopicSize', 'size']);

/** "2026-12-06 16:54:11" in local time, from µs since the epoch. */
export function formatMicrosDate(micros: bigint): string {
  const date = new Date(Number(micros / 1000n));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** "1h 2m 3s" from µs. */
export function formatMicrosDuration(micros: bigint): string {
  if (micros < 1_000_000n) return `${Number(micros) / 1000} ms`;
  const text = formatExpiry(micros);
  return text === 'never' || text === 'server default' ? `${micros} us` : text;
}

function isDateKey(key: string): boolean {
  return /At$/.test(key) || key === 'timestamp' || key === 'startTime' || key === 'originTimestamp';
}

/** The display form of one field of a record, by its name and value. */
export function humanizeField(key: string, value: unknown): unknown {
  if (value === null || value === undefined) return key === 'userId' ? '(not logged in)' : '';
  if (typeof value === 'bigint') {
    if (key === 'expiryAt') return value === 0n || value === U64_MAX ? 'never' : formatMicrosDate(value);
    if (isDateKey(key)) return value === 0n ? '' : formatMicrosDate(value);
    if (key === 'messageExpiry') return formatExpiry(value);
    if (key === 'runTime') return formatMicrosDuration(value);
    if (/Bytes$/.test(key) || BYTE_KEYS.has(key)) return formatByteSize(value);
    return value;
  }
  if (typeof value === 'number') {
    if (key === 'compressionAlgorithm') return COMPRESSION.get(value) ?? value;
    if (key === 'status') return USER_STATUS.get(value) ?? value;
    if (key === 'transport') return TRANSPORT.get(value) ?? value;
    if (/[cC]puUsage$/.test(key)) return `${value.toFixed(1)}%`;
    if (key === 'hitRatio') return `${(value * 100).toFixed(1)}%`;
    return value;
  }
  if (key === 'permissions' && typeof value === 'object') return summarizePermissions(value as never);
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (Array.isArray(value)) {
    if (value.every((item) => typeof item !== 'object' || item === null)) return value.join(', ');
    return `${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  }
  if (value instanceof Map) return `${value.size} ${value.size === 1 ? 'entry' : 'entries'}`;
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${k}=${String(humanizeField(k, v))}`)
      .join(', ');
  }
  return value;
}

/** A record with every field in display form (key order kept). */
export function humanizeRecord(record: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, humanizeField(key, value)]));
}
