import { BenchArgsError } from './bench-args-error.js';

// Decimal units are powers of 1000 and binary ones powers of 1024, as Iggy's IggyByteSize (byte-unit).
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** "8MB", "1GiB", "50 KB" or a plain number of bytes. */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!match) throw new BenchArgsError(`invalid byte size "${text}" (expected e.g. 8MB, 1GiB)`);
  const unit = UNIT_BYTES[(match[2] || 'b').toLowerCase()];
  if (unit === undefined) throw new BenchArgsError(`invalid byte size "${text}": unknown unit "${match[2]}"`);
  return Math.round(Number(match[1]) * unit);
}
