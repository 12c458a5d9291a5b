import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';

/**
 * User headers block (§15.4): entries of (u8 key kind, u32 key length, key, u8 value kind,
 * u32 value length, value) with no count prefix. Keys and values are typed by the same kinds.
 * The binary server never parses this block; SDKs and the HTTP layer do (4018 / 4019).
 */
export const HeaderKind = {
  Raw: 1,
  String: 2,
  Bool: 3,
  Int8: 4,
  Int16: 5,
  Int32: 6,
  Int64: 7,
  Int128: 8,
  Uint8: 9,
  Uint16: 10,
  Uint32: 11,
  Uint64: 12,
  Uint128: 13,
  Float32: 14,
  Float64: 15,
} as const;
export type HeaderKind = (typeof HeaderKind)[keyof typeof HeaderKind];

export interface HeaderValue {
  kind: HeaderKind;
  value: Buffer;
}

/** Headers keyed by string keys (the common case; SDKs mostly use string keys). */
export type UserHeaders = Record<string, HeaderValue>;

/** One entry with its typed key, for blocks whose keys are not strings. */
export interface UserHeaderEntry {
  key: HeaderValue;
  value: HeaderValue;
}

export const HEADER_ITEM_LENGTH_MAX = 255;

/** Byte size each fixed-size kind must have; 0 for the variable kinds (raw, string). */
const FIXED_SIZE: readonly number[] = [0, 0, 0, 1, 1, 2, 4, 8, 16, 1, 2, 4, 8, 16, 4, 8];

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isHeaderKind(kind: number): kind is HeaderKind {
  return Number.isInteger(kind) && kind >= 1 && kind <= 15;
}

function checkItem(item: HeaderValue, code: number): void {
  if (!isHeaderKind(item.kind)) throw new IggyError(code, `header kind ${item.kind}`);
  const size = FIXED_SIZE[item.kind]!;
  const length = item.value.length;
  if (size === 0 ? length === 0 || length > HEADER_ITEM_LENGTH_MAX : length !== size) {
    throw new IggyError(code, `header kind ${item.kind} with ${length} bytes`);
  }
  if (item.kind === HeaderKind.String) {
    try {
      strictUtf8.decode(item.value);
    } catch {
      throw new IggyError(code, 'header string is not valid UTF-8');
    }
  }
}

function fixed(kind: HeaderKind, size: number, write: (target: Buffer) => void): HeaderValue {
  const value = Buffer.alloc(size);
  write(value);
  return { kind, value };
}

/** Convenience constructors: `HeaderValues.string('x')`, `HeaderValues.uint64(5n)` … */
export const HeaderValues = {
  raw: (value: Buffer): HeaderValue => ({ kind: HeaderKind.Raw, value }),
  string: (value: string): HeaderValue => ({ kind: HeaderKind.String, value: Buffer.from(value, 'utf8') }),
  bool: (value: boolean): HeaderValue => ({ kind: HeaderKind.Bool, value: Buffer.from([value ? 1 : 0]) }),
  int8: (value: number) => fixed(HeaderKind.Int8, 1, (b) => b.writeInt8(value, 0)),
  int16: (value: number) => fixed(HeaderKind.Int16, 2, (b) => b.writeInt16LE(value, 0)),
  int32: (value: number) => fixed(HeaderKind.Int32, 4, (b) => b.writeInt32LE(value, 0)),
  int64: (value: bigint) => fixed(HeaderKind.Int64, 8, (b) => b.writeBigInt64LE(value, 0)),
  int128: (value: bigint) =>
    fixed(HeaderKind.Int128, 16, (b) => {
      const unsigned = BigInt.asUintN(128, value);
      b.writeBigUInt64LE(unsigned & 0xffff_ffff_ffff_ffffn, 0);
      b.writeBigUInt64LE(unsigned >> 64n, 8);
    }),
  uint8: (value: number) => fixed(HeaderKind.Uint8, 1, (b) => b.writeUInt8(value, 0)),
  uint16: (value: number) => fixed(HeaderKind.Uint16, 2, (b) => b.writeUInt16LE(value, 0)),
  uint32: (value: number) => fixed(HeaderKind.Uint32, 4, (b) => b.writeUInt32LE(value, 0)),
  uint64: (value: bigint) => fixed(HeaderKind.Uint64, 8, (b) => b.writeBigUInt64LE(value, 0)),
  uint128: (value: bigint) =>
    fixed(HeaderKind.Uint128, 16, (b) => {
      b.writeBigUInt64LE(value & 0xffff_ffff_ffff_ffffn, 0);
      b.writeBigUInt64LE((value >> 64n) & 0xffff_ffff_ffff_ffffn, 8);
    }),
  float32: (value: number) => fixed(HeaderKind.Float32, 4, (b) => b.writeFloatLE(value, 0)),
  float64: (value: number) => fixed(HeaderKind.Float64, 8, (b) => b.writeDoubleLE(value, 0)),
} as const;

/** The JS value of a header item (numbers for ≤ 32-bit kinds, bigint for 64/128-bit ones). */
export function headerValueToJs(item: HeaderValue): string | boolean | number | bigint | Buffer {
  const v = item.value;
  switch (item.kind) {
    case HeaderKind.Raw:
      return v;
    case HeaderKind.String:
      return v.toString('utf8');
    case HeaderKind.Bool:
      return v[0] === 1;
    case HeaderKind.Int8:
      return v.readInt8(0);
    case HeaderKind.Int16:
      return v.readInt16LE(0);
    case HeaderKind.Int32:
      return v.readInt32LE(0);
    case HeaderKind.Int64:
      return v.readBigInt64LE(0);
    case HeaderKind.Int128:
      return BigInt.asIntN(128, (v.readBigUInt64LE(8) << 64n) | v.readBigUInt64LE(0));
    case HeaderKind.Uint8:
      return v.readUInt8(0);
    case HeaderKind.Uint16:
      return v.readUInt16LE(0);
    case HeaderKind.Uint32:
      return v.readUInt32LE(0);
    case HeaderKind.Uint64:
      return v.readBigUInt64LE(0);
    case HeaderKind.Uint128:
      return (v.readBigUInt64LE(8) << 64n) | v.readBigUInt64LE(0);
    case HeaderKind.Float32:
      return v.readFloatLE(0);
    case HeaderKind.Float64:
      return v.readDoubleLE(0);
  }
}

export function encodeUserHeaderEntries(entries: readonly UserHeaderEntry[]): Buffer {
  let size = 0;
  for (const entry of entries) {
    checkItem(entry.key, ErrorCode.InvalidHeaderKey);
    checkItem(entry.value, ErrorCode.InvalidHeaderValue);
    size += 10 + entry.key.value.length + entry.value.value.length;
  }
  const block = Buffer.allocUnsafe(size);
  let at = 0;
  for (const { key, value } of entries) {
    block[at] = key.kind;
    block.writeUInt32LE(key.value.length, at + 1);
    key.value.copy(block, at + 5);
    at += 5 + key.value.length;
    block[at] = value.kind;
    block.writeUInt32LE(value.value.length, at + 1);
    value.value.copy(block, at + 5);
    at += 5 + value.value.length;
  }
  return block;
}

/** String keys (kind 2); an empty or over-long key is 4018, a bad value 4019. */
export function encodeUserHeaders(headers: UserHeaders): Buffer {
  const entries: UserHeaderEntry[] = [];
  for (const [key, value] of Object.entries(headers)) entries.push({ key: HeaderValues.string(key), value });
  return encodeUserHeaderEntries(entries);
}

/** Every malformation of a key (kind, length, truncation) is 4018, of a value 4019. */
export function decodeUserHeaderEntries(block: Buffer): UserHeaderEntry[] {
  const entries: UserHeaderEntry[] = [];
  let at = 0;
  const readItem = (code: number): HeaderValue => {
    if (block.length - at < 5) throw new IggyError(code, 'truncated header entry');
    const kind = block[at]!;
    const length = block.readUInt32LE(at + 1);
    if (length > block.length - at - 5) throw new IggyError(code, `header item of ${length} bytes past the block end`);
    const item = { kind: kind as HeaderKind, value: block.subarray(at + 5, at + 5 + length) };
    checkItem(item, code);
    at += 5 + length;
    return item;
  };
  while (at < block.length) {
    const key = readItem(ErrorCode.InvalidHeaderKey);
    const value = readItem(ErrorCode.InvalidHeaderValue);
    entries.push({ key, value });
  }
  return entries;
}

/**
 * Headers by key text. Non-string keys are rendered as text (numbers in decimal, raw bytes as
 * hex); use decodeUserHeaderEntries to keep their kinds.
 */
export function decodeUserHeaders(block: Buffer): UserHeaders {
  const headers: UserHeaders = {};
  for (const { key, value } of decodeUserHeaderEntries(block)) {
    const text = key.kind === HeaderKind.Raw ? key.value.toString('hex') : String(headerValueToJs(key));
    headers[text] = value;
  }
  return headers;
}
