import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';

/**
 * Byte counts as Iggy's JSON writes them (`IggyByteSize` → byte-unit v5 `format!("{:#}")`): the
 * exact value in the largest unit that states it with at most 3 decimals, trailing zeros
 * removed — `"0 B"`, `"1 KB"`, `"10 KiB"`, `"3136.5 KiB"`, `"437.5 KB"`.
 */
const UNITS: readonly [string, bigint][] = [
  ['B', 1n],
  ['KB', 1000n],
  ['KiB', 1n << 10n],
  ['MB', 1000n ** 2n],
  ['MiB', 1n << 20n],
  ['GB', 1000n ** 3n],
  ['GiB', 1n << 30n],
  ['TB', 1000n ** 4n],
  ['TiB', 1n << 40n],
  ['PB', 1000n ** 5n],
  ['PiB', 1n << 50n],
  ['EB', 1000n ** 6n],
  ['EiB', 1n << 60n],
];

const DECIMALS_MAX = 3n;
const SCALE = 10n ** DECIMALS_MAX;

export function formatByteSize(bytes: bigint | number): string {
  const value = BigInt(bytes);
  for (let index = UNITS.length - 1; index > 0; index--) {
    const [name, size] = UNITS[index]!;
    if (value < size || (value * SCALE) % size !== 0n) continue;
    const scaled = (value * SCALE) / size;
    const whole = scaled / SCALE;
    const fraction = (scaled % SCALE).toString().padStart(Number(DECIMALS_MAX), '0').replace(/0+$/, '');
    return fraction === '' ? `${whole} ${name}` : `${whole}.${fraction} ${name}`;
  }
  return `${value} B`;
}

const UNIT_SIZE = new Map(UNITS.map(([name, size]) => [name.toLowerCase(), size]));

/**
 * Reads a ByteSize field back: a JSON integer, or `"<number> <unit>"` as written above (the
 * unit is case-insensitive, as byte-unit parses it). Unparseable text is 4 (invalid_format).
 */
export function parseByteSize(input: unknown): bigint {
  if (typeof input === 'bigint') return input;
  if (typeof input === 'number' && Number.isSafeInteger(input) && input >= 0) return BigInt(input);
  if (typeof input !== 'string') throw new IggyError(ErrorCode.InvalidFormat, `byte size ${String(input)}`);
  const match = /^\s*(\d+)(?:\.(\d+))?\s*([a-zA-Z]*)\s*$/.exec(input);
  const unit = UNIT_SIZE.get((match?.[3] || 'b').toLowerCase());
  if (!match || unit === undefined) throw new IggyError(ErrorCode.InvalidFormat, `byte size ${JSON.stringify(input)}`);
  const fraction = match[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  return (BigInt(match[1]! + fraction) * unit) / scale;
}
