import { U64_MAX } from './u64-max.js';
import { CliArgsError } from './cli-args-error.js';
import { parseDurationMicros } from './parse-duration.js';

/** 0 on the wire: the server's configured default. */
export const EXPIRY_SERVER_DEFAULT = 0n;
/** Iggy caps an expiry at u32::MAX seconds (IggyExpiry::from_str). */
const EXPIRY_SECONDS_MAX = 0xffff_ffffn;

/**
 * A message expiry as Iggy's IggyExpiry parses it, in microseconds for the wire:
 * "none"/"unlimited"/"never_expire" = u64::MAX (never), "default"/"server_default" = 0,
 * otherwise a human duration ("1h", "15days", "1day 1hour").
 */
export function parseExpiryMicros(text: string): bigint {
  const value = text.trim();
  if (['unlimited', 'none', 'None', 'Unlimited', 'never_expire'].includes(value)) return U64_MAX;
  if (['default', 'server_default', 'Default', 'Server_default'].includes(value)) return EXPIRY_SERVER_DEFAULT;
  const micros = parseDurationMicros(value);
  if (micros / 1_000_000n > EXPIRY_SECONDS_MAX) {
    throw new CliArgsError(`invalid expiry "${text}": above the maximum of ${EXPIRY_SECONDS_MAX} seconds`);
  }
  return micros;
}

/** Renders a wire expiry back for tables: "never", "server default" or e.g. "1h 30m". */
export function formatExpiry(micros: bigint): string {
  if (micros === U64_MAX) return 'never';
  if (micros === 0n) return 'server default';
  const parts: string[] = [];
  let seconds = micros / 1_000_000n;
  for (const [name, size] of [['d', 86_400n], ['h', 3600n], ['m', 60n], ['s', 1n]] as const) {
    if (seconds >= size) {
      parts.push(`${seconds / size}${name}`);
      seconds %= size;
    }
  }
  return parts.length > 0 ? parts.join(' ') : `${micros}us`;
}
