import { CliArgsError } from './cli-args-error.js';

// The units of humantime, which Iggy's IggyDuration parses with: a month is 30.44 days and a
// year 365.25 days there, so those two are kept as humantime defines them.
const UNIT_MICROS: Record<string, bigint> = {};
function unit(names: string[], micros: bigint): void {
  for (const name of names) UNIT_MICROS[name] = micros;
}
const SECOND_US = 1_000_000n;
unit(['us', 'usec', 'µs'], 1n);
unit(['ms', 'msec', 'millis'], 1000n);
unit(['s', 'sec', 'secs', 'second', 'seconds'], SECOND_US);
unit(['m', 'min', 'mins', 'minute', 'minutes'], 60n * SECOND_US);
unit(['h', 'hr', 'hrs', 'hour', 'hours'], 3600n * SECOND_US);
unit(['d', 'day', 'days'], 86_400n * SECOND_US);
unit(['w', 'week', 'weeks'], 604_800n * SECOND_US);
unit(['M', 'month', 'months'], 2_630_016n * SECOND_US);
unit(['y', 'year', 'years'], 31_557_600n * SECOND_US);

/**
 * A human duration in microseconds: "1h", "15days", "1day 1hour 1min 1sec", "1h30m". Every
 * component needs a unit, as in humantime ("10" alone is rejected).
 */
export function parseDurationMicros(text: string): bigint {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new CliArgsError('invalid duration "" (expected e.g. 1h, 15days)');
  let total = 0n;
  let rest = trimmed;
  while (rest.length > 0) {
    const match = /^(\d+)\s*([a-zA-Zµ]+)\s*/.exec(rest);
    if (!match) throw new CliArgsError(`invalid duration "${text}" (expected e.g. 1h, 15days, "1day 1hour")`);
    const micros = UNIT_MICROS[match[2]!] ?? UNIT_MICROS[match[2]!.toLowerCase()];
    if (micros === undefined) throw new CliArgsError(`invalid duration "${text}": unknown unit "${match[2]}"`);
    total += BigInt(match[1]!) * micros;
    rest = rest.slice(match[0].length);
  }
  return total;
}
