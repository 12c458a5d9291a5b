import { BenchArgsError } from './bench-args-error.js';

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** Human durations as Iggy's IggyDuration accepts them ("0s", "10ms", "1s", "2m", "3h", "1m 30s"). */
export function parseDurationMs(text: string): number {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  let total = 0;
  let matched = '';
  for (const part of trimmed.matchAll(/(\d+(?:\.\d+)?)\s*([a-z]+)\s*/gi)) {
    const unit = UNIT_MS[part[2]!.toLowerCase()];
    if (unit === undefined) throw new BenchArgsError(`invalid duration "${text}": unknown unit "${part[2]}"`);
    total += Number(part[1]) * unit;
    matched += part[0];
  }
  if (matched.length === 0 || matched.replace(/\s+/g, '') !== trimmed.replace(/\s+/g, '')) {
    throw new BenchArgsError(`invalid duration "${text}" (expected e.g. 10ms, 1s, 2m)`);
  }
  return total;
}
