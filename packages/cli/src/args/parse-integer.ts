import { CliArgsError } from './cli-args-error.js';

/** A non-negative integer flag or argument within [min, max]; yargs' own number parsing accepts "1.5" and "". */
export function parseInteger(text: string | number, what: string, min = 0, max = 0xffff_ffff): number {
  const value = String(text).trim();
  if (!/^\d+$/.test(value)) throw new CliArgsError(`invalid ${what} "${value}" (expected an integer)`);
  const n = Number(value);
  if (n < min || n > max) throw new CliArgsError(`invalid ${what} ${n} (expected ${min}..${max})`);
  return n;
}

/** An unsigned 64-bit integer (offsets, timestamps). */
export function parseU64(text: string | number, what: string): bigint {
  const value = String(text).trim();
  if (!/^\d+$/.test(value)) throw new CliArgsError(`invalid ${what} "${value}" (expected an integer)`);
  const n = BigInt(value);
  if (n > 0xffff_ffff_ffff_ffffn) throw new CliArgsError(`invalid ${what} ${value} (above u64 max)`);
  return n;
}
