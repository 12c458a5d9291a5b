import { U64_MAX } from './u64-max.js';
import { CliArgsError } from './cli-args-error.js';

// Decimal units are powers of 1000 and binary ones powers of 1024, as Iggy's IggyByteSize (byte-unit).
const UNIT_BYTES: Record<string, bigint> = {
  b: 1n,
  kb: 1000n,
  mb: 1000n ** 2n,
  gb: 1000n ** 3n,
  tb: 1000n ** 4n,
  pb: 1000n ** 5n,
  kib: 1024n,
  mib: 1024n ** 2n,
  gib: 1024n ** 3n,
  tib: 1024n ** 4n,
  pib: 1024n ** 5n,
};

/** "1 GiB", "10MB", "2.5 GB" or a plain number of bytes. */
export function parseByteSize(text: string): bigint {
  const match = /^\s*(\d+)(?:\.(\d+))?\s*([a-zA-Z]*)\s*$/.exec(text);
  if (!match) throw new CliArgsError(`invalid size "${text}" (expected e.g. 1 GiB, 500MB)`);
  const unit = UNIT_BYTES[(match[3] || 'b').toLowerCase()];
  if (unit === undefined) throw new CliArgsError(`invalid size "${text}": unknown unit "${match[3]}"`);
  // Fractions are computed in integers so "1.5 GiB" is exact and large sizes keep every digit.
  const fraction = match[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  const bytes = (BigInt(match[1]! + fraction) * unit) / scale;
  if (bytes > U64_MAX) throw new CliArgsError(`invalid size "${text}": above u64 max`);
  return bytes;
}

/**
 * A topic's maximum size as Iggy's MaxTopicSize parses it, in bytes for the wire:
 * "unlimited" = u64::MAX, "0"/"server_default" = 0 (the server's default), otherwise a size.
 */
export function parseMaxTopicSize(text: string): bigint {
  const value = text.trim();
  if (value === 'unlimited') return U64_MAX;
  if (value === 'server_default') return 0n;
  return parseByteSize(value);
}

/** Renders a byte count for tables: "unlimited", "server default" or e.g. "1.00 GiB". */
export function formatByteSize(bytes: bigint): string {
  if (bytes === U64_MAX) return 'unlimited';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let index = 0;
  let scaled = Number(bytes);
  while (scaled >= 1024 && index < units.length - 1) {
    scaled /= 1024;
    index += 1;
  }
  return index === 0 ? `${bytes} B` : `${scaled.toFixed(2)} ${units[index]}`;
}
