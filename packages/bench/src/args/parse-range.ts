import { BenchArgsError } from './bench-args-error.js';

/** A value or Iggy's "min..max" range (BenchmarkNumericParameter): min == max for a single value. */
export interface NumericRange {
  min: number;
  max: number;
}

const U32_MAX = 0xffff_ffff;

/** "1000" or "100..1000" (Iggy's syntax for --message-size and --messages-per-batch); positive integers. */
export function parseRange(value: unknown, name: string): NumericRange {
  const text = String(value).trim();
  const parts = text.split('..');
  if (parts.length > 2) throw new BenchArgsError(`--${name}: invalid range "${text}" (expected min..max)`);
  const [min, max] = parts.map((part) => {
    const number = Number(part);
    if (part === '' || !Number.isInteger(number) || number <= 0 || number > U32_MAX) {
      throw new BenchArgsError(`--${name} must be a positive integer or a range min..max, got "${text}"`);
    }
    return number;
  }) as [number, number?];
  if (max === undefined) return { min, max: min };
  if (min > max) throw new BenchArgsError(`--${name}: the minimum (${min}) is greater than the maximum (${max})`);
  return { min, max };
}

export function formatRange(range: NumericRange): string {
  return range.min === range.max ? String(range.min) : `${range.min}..${range.max}`;
}
