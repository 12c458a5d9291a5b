// Iggy writes durations as humantime strings ("5ms", "1s", "1m 30s"); numbers are milliseconds.

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseDurationMs(value: unknown, what: string, fallbackMs: number): number {
  if (value === undefined || value === null || value === '') return fallbackMs;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== 'string') throw new Error(`${what}: expected a duration like "100ms", got ${JSON.stringify(value)}`);
  let total = 0;
  let matched = false;
  const pattern = /(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|sec|s|min|m|h|d)\s*/gy;
  let match: RegExpExecArray | null;
  const text = value.trim();
  while ((match = pattern.exec(text)) !== null) {
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    matched = true;
    if (pattern.lastIndex === text.length) break;
  }
  if (!matched || pattern.lastIndex !== text.length) throw new Error(`${what}: "${value}" is not a duration like "100ms" or "1s"`);
  return total;
}
