import { HeaderValues, type HeaderValue, type UserHeaders } from '@iggy-node/sdk';
import { CliArgsError } from './cli-args-error.js';

type IntKind = 'int8' | 'int16' | 'int32' | 'uint8' | 'uint16' | 'uint32';
type BigKind = 'int64' | 'int128' | 'uint64' | 'uint128';

const INT_RANGES: Record<IntKind, [number, number]> = {
  int8: [-128, 127],
  int16: [-32_768, 32_767],
  int32: [-2_147_483_648, 2_147_483_647],
  uint8: [0, 255],
  uint16: [0, 65_535],
  uint32: [0, 4_294_967_295],
};
const BIG_RANGES: Record<BigKind, [bigint, bigint]> = {
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  int128: [-(2n ** 127n), 2n ** 127n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  uint128: [0n, 2n ** 128n - 1n],
};

export const HEADER_KINDS = ['raw', 'string', 'bool', ...Object.keys(INT_RANGES), ...Object.keys(BIG_RANGES), 'float32', 'float64'];

function headerValue(kind: string, text: string, source: string): HeaderValue {
  const bad = (why: string) => new CliArgsError(`invalid header "${source}": ${why}`);
  if (kind === 'raw' || kind === 'string') {
    if (text.length === 0) throw bad('empty value');
    return kind === 'raw' ? HeaderValues.raw(Buffer.from(text, 'utf8')) : HeaderValues.string(text);
  }
  if (kind === 'bool') {
    // Rust's bool::from_str accepts exactly these two spellings.
    if (text !== 'true' && text !== 'false') throw bad(`"${text}" is not true or false`);
    return HeaderValues.bool(text === 'true');
  }
  if (kind in INT_RANGES) {
    const [min, max] = INT_RANGES[kind as IntKind];
    if (!/^-?\d+$/.test(text) || Number(text) < min || Number(text) > max) throw bad(`"${text}" is not a ${kind}`);
    return HeaderValues[kind as IntKind](Number(text));
  }
  if (kind in BIG_RANGES) {
    const [min, max] = BIG_RANGES[kind as BigKind];
    if (!/^-?\d+$/.test(text) || BigInt(text) < min || BigInt(text) > max) throw bad(`"${text}" is not a ${kind}`);
    return HeaderValues[kind as BigKind](BigInt(text));
  }
  if (kind === 'float32' || kind === 'float64') {
    const n = Number(text);
    if (text.trim().length === 0 || Number.isNaN(n)) throw bad(`"${text}" is not a ${kind}`);
    return HeaderValues[kind](n);
  }
  throw bad(`unknown kind "${kind}" (one of ${HEADER_KINDS.join(', ')})`);
}

/**
 * Headers as Iggy's CLI takes them: `key:kind:value`, several per flag separated by commas
 * (`--headers a:string:x,b:uint32:7`) or the flag repeated. The value keeps any further colons.
 */
export function parseHeaders(items: readonly string[]): UserHeaders {
  const headers: UserHeaders = {};
  for (const item of items.flatMap((text) => text.split(','))) {
    const first = item.indexOf(':');
    const second = first < 0 ? -1 : item.indexOf(':', first + 1);
    if (first <= 0 || second < 0) throw new CliArgsError(`invalid header "${item}" (expected key:kind:value)`);
    const key = item.slice(0, first);
    if (Buffer.byteLength(key, 'utf8') > 255) throw new CliArgsError(`invalid header "${item}": key above 255 bytes`);
    headers[key] = headerValue(item.slice(first + 1, second).toLowerCase(), item.slice(second + 1), item);
  }
  return headers;
}
