/**
 * Makes a decoded protocol value printable as JSON: bigints become decimal strings (u64 values
 * do not fit a JSON number), Maps become objects, Buffers become UTF-8 text.
 */
export function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  if (value instanceof Map) {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of value) result[String(key)] = toPlain(entry);
    return result;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  if (typeof value === 'object' && value !== null) {
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(value)) result[key] = toPlain(entry);
    return result;
  }
  return value;
}
