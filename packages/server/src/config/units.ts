/**
 * Value syntax shared by the config file, IGGY_* variables and (later) CLI flags, following
 * Iggy's IggyByteSize (byte-unit 5), IggyDuration (humantime 2), IggyExpiry and MaxTopicSize.
 * Every parser returns plain numbers: sizes in bytes, durations in milliseconds.
 */

const DECIMAL_PREFIX_POWERS: Record<string, number> = { k: 1, m: 2, g: 3, t: 4, p: 5, e: 6 };

/**
 * Parses a byte size: a non-negative integer (bytes) or `"<number>[ ]<unit>"`.
 * `KB MB GB TB PB EB` are powers of 1000, `KiB MiB GiB TiB PiB EiB` powers of 1024; the prefix
 * letter is case-insensitive; upper-case `B` means bytes and lower-case `b` bits (`"100 Kb"` is
 * 12 500 bytes), and no `B`/`b` means bytes (`"10M"` is 10 MB). `"0"`, `"none"` and
 * `"unlimited"` are 0, as in Iggy, where 0 means "no limit" for the settings that allow it.
 * Fractions of a byte are rounded up. Throws `Error` with a message that does not name a key;
 * callers add the key.
 */
export function parseByteSize(value: string | number): number {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`invalid byte size ${value}`);
    return value;
  }
  const text = value.trim();
  if (/^(0|none|None|unlimited|Unlimited)$/.test(text)) return 0;
  const match = /^(\d+(?:\.\d*)?|\.\d+)\s*([A-Za-z]*)$/.exec(text);
  if (match === null) throw new Error(`invalid byte size "${value}"`);
  const amount = Number(match[1]);
  const unit = match[2] ?? '';
  let multiplier: number;
  let bits = false;
  if (unit === '' || unit === 'B') {
    multiplier = 1;
  } else if (unit === 'b') {
    multiplier = 1;
    bits = true;
  } else {
    const unitMatch = /^([kmgtpeKMGTPE])([iI]?)([Bb]?)$/.exec(unit);
    if (unitMatch === null) throw new Error(`invalid byte size unit "${unit}" in "${value}"`);
    const power = DECIMAL_PREFIX_POWERS[unitMatch[1]!.toLowerCase()]!;
    multiplier = (unitMatch[2] !== '' ? 1024 : 1000) ** power;
    bits = unitMatch[3] === 'b';
  }
  const bytes = Math.ceil((amount * multiplier) / (bits ? 8 : 1));
  if (!Number.isSafeInteger(bytes)) throw new Error(`byte size "${value}" is too large`);
  return bytes;
}

/** Milliseconds per humantime unit; months and years use humantime's 30.44 and 365.25 days. */
const DURATION_UNIT_MS: Record<string, number> = {
  nanos: 1e-6, nsec: 1e-6, ns: 1e-6,
  usec: 1e-3, us: 1e-3, 'µs': 1e-3,
  millis: 1, msec: 1, ms: 1,
  seconds: 1000, second: 1000, secs: 1000, sec: 1000, s: 1000,
  minutes: 60_000, minute: 60_000, mins: 60_000, min: 60_000, m: 60_000,
  hours: 3_600_000, hour: 3_600_000, hrs: 3_600_000, hr: 3_600_000, h: 3_600_000,
  days: 86_400_000, day: 86_400_000, d: 86_400_000,
  weeks: 604_800_000, week: 604_800_000, w: 604_800_000,
  months: 2_630_016_000, month: 2_630_016_000, M: 2_630_016_000,
  years: 31_557_600_000, year: 31_557_600_000, y: 31_557_600_000,
};

/**
 * humantime's grammar: one or more `<integer>[ ]<unit>` terms (`"1 m 30 s"`, `"2days 4h"`,
 * `"100ms"`); a unit is required except for a bare `"0"`.
 */
function parseHumanDurationMs(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  if (trimmed === '') throw new Error('empty duration');
  const term = /\s*(\d+)\s*([A-Za-zµ]+)\s*/y;
  let totalMs = 0;
  let position = 0;
  while (position < trimmed.length) {
    term.lastIndex = position;
    const match = term.exec(trimmed);
    if (match === null) throw new Error(`invalid duration "${text}" (expected e.g. "30 s", "1 m 30 s", "7 days")`);
    const unitMs = DURATION_UNIT_MS[match[2]!];
    if (unitMs === undefined) throw new Error(`unknown time unit "${match[2]}" in "${text}"`);
    totalMs += Number(match[1]) * unitMs;
    position = term.lastIndex;
  }
  return totalMs;
}

/**
 * Parses a duration into milliseconds (fractional below 1 ms). The input is lower-cased first, as
 * Iggy does, so `m` is always minutes; `"0"`, `"none"`, `"unlimited"` and `"disabled"` are 0.
 * A number is accepted only as 0, because Iggy's config takes durations as strings.
 */
export function parseDuration(value: string | number): number {
  if (typeof value === 'number') {
    if (value === 0) return 0;
    throw new Error(`duration ${value} needs a unit, e.g. "${value} s"`);
  }
  const text = value.trim().toLowerCase();
  if (text === '0' || text === 'none' || text === 'unlimited' || text === 'disabled') return 0;
  return parseHumanDurationMs(text);
}

/** The largest expiry Iggy accepts: u32::MAX seconds. */
export const EXPIRY_MAX_MS = 4_294_967_295 * 1000;

/**
 * Parses a message/token expiry into milliseconds, `null` for "never expires", or the marker
 * `'server_default'`. Like IggyExpiry the input is not lower-cased (so `M` is months).
 */
export function parseExpiry(value: string | number): number | null | 'server_default' {
  if (typeof value === 'number') throw new Error(`expiry ${value} must be a string such as "7 days" or "none"`);
  const text = value.trim();
  if (/^(unlimited|Unlimited|none|None|never_expire)$/.test(text)) return null;
  if (/^(default|Default|server_default|Server_default)$/.test(text)) return 'server_default';
  const expiryMs = parseHumanDurationMs(text);
  if (expiryMs > EXPIRY_MAX_MS) throw new Error(`expiry "${value}" exceeds the maximum of ${EXPIRY_MAX_MS / 1000} s`);
  return expiryMs;
}

/**
 * Parses a topic size limit into bytes, `null` for `"unlimited"`, or the marker
 * `'server_default'` for `"server_default"`, `"0"` and 0 (Iggy's MaxTopicSize).
 */
export function parseMaxTopicSize(value: string | number): number | null | 'server_default' {
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === 'unlimited') return null;
    if (text === 'server_default' || text === '0') return 'server_default';
  }
  const bytes = parseByteSize(value);
  return bytes === 0 ? 'server_default' : bytes;
}

const BINARY_UNITS: Array<[string, number]> = [['TiB', 1024 ** 4], ['GiB', 1024 ** 3], ['MiB', 1024 ** 2], ['KiB', 1024]];
const DECIMAL_UNITS: Array<[string, number]> = [['TB', 1e12], ['GB', 1e9], ['MB', 1e6], ['KB', 1e3]];

/** Writes bytes in the largest unit that divides them exactly (`"1 GiB"`, `"100 KB"`), else as bytes. */
export function formatByteSize(bytes: number): string {
  if (bytes === 0) return '0';
  for (const [unit, size] of [...BINARY_UNITS, ...DECIMAL_UNITS]) {
    if (bytes % size === 0) return `${bytes / size} ${unit}`;
  }
  return `${bytes} B`;
}

const FORMAT_DURATION_UNITS: Array<[string, number]> = [
  ['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1], ['us', 1e-3], ['ns', 1e-6],
];

/** Writes milliseconds as humantime terms that parseDuration reads back (`"1m 30s"`, `"0"`). */
export function formatDuration(durationMs: number): string {
  if (durationMs === 0) return '0';
  // Work in integer nanoseconds so that sub-millisecond parts do not pick up float noise.
  let remainingNs = Math.round(durationMs * 1e6);
  const terms: string[] = [];
  for (const [unit, unitMs] of FORMAT_DURATION_UNITS) {
    const unitNs = Math.round(unitMs * 1e6);
    const count = Math.floor(remainingNs / unitNs);
    if (count > 0) {
      terms.push(`${count}${unit}`);
      remainingNs -= count * unitNs;
    }
  }
  return terms.join(' ');
}
