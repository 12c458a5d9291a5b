/**
 * JSON for the HTTP API without precision loss. Iggy's JSON carries u64 (and u128 message ids)
 * as plain JSON numbers, e.g. 18446744073709551615 for "never": `JSON.parse` would round them.
 * This parser keeps every integer token outside the safe range as a `bigint`; the writer emits
 * `bigint`s as bare digits and `F32` values as Rust's serde writes an f32.
 */
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';
import { formatF32 } from './f32-text.js';

export type JsonValue = null | boolean | number | bigint | string | F32 | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** An f32 to be written as serde_json writes it (`74.44227`, not the f64 expansion). */
export class F32 {
  constructor(readonly value: number) {}
}

/** Nesting beyond this is refused: no Iggy shape is deeper than 6, and recursion must stay bounded. */
export const JSON_DEPTH_MAX = 32;

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * Strings (skipped) or integer tokens of 16+ digits outside strings (which JSON.parse would
 * round). One linear pass of the native regex engine.
 */
const LONG_INTEGER_SCAN = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d{16,}/g;

function hasLongInteger(text: string): boolean {
  LONG_INTEGER_SCAN.lastIndex = 0;
  for (let match = LONG_INTEGER_SCAN.exec(text); match !== null; match = LONG_INTEGER_SCAN.exec(text)) {
    if (match[0].charCodeAt(0) !== 0x22) return true;
  }
  return false;
}

/**
 * Parses JSON text; malformed text is an IggyError with code 4 (invalid_format). Text without
 * integers long enough to lose precision goes through the native JSON.parse (fast: a send body is
 * mostly base64 strings); the rest through a parser that keeps them as bigints.
 */
export function parseJson(text: string): JsonValue {
  if (!hasLongInteger(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new IggyError(ErrorCode.InvalidFormat, `invalid JSON: ${(error as Error).message}`);
    }
    return checkDepth(value, 0) as JsonValue;
  }
  return parseJsonExact(text);
}

/** JSON.parse has no depth bound of ours; refuse what the exact parser would refuse too. */
function checkDepth(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= JSON_DEPTH_MAX) throw new IggyError(ErrorCode.InvalidFormat, 'invalid JSON: nested too deeply');
  if (Array.isArray(value)) {
    for (const item of value) checkDepth(item, depth + 1);
  } else {
    for (const key in value) checkDepth((value as Record<string, unknown>)[key], depth + 1);
  }
  return value;
}

/** The exact parser: every integer token outside the safe range becomes a bigint. */
export function parseJsonExact(text: string): JsonValue {
  let at = 0;
  const fail = (what: string): never => {
    throw new IggyError(ErrorCode.InvalidFormat, `invalid JSON at ${at}: ${what}`);
  };
  const skip = (): void => {
    while (at < text.length && WHITESPACE.has(text.charCodeAt(at))) at++;
  };
  const value = (depth: number): JsonValue => {
    if (depth > JSON_DEPTH_MAX) fail('nested too deeply');
    skip();
    const c = text[at];
    if (c === '{') {
      at++;
      const object: JsonObject = {};
      skip();
      if (text[at] === '}') {
        at++;
        return object;
      }
      for (;;) {
        skip();
        if (text[at] !== '"') fail('expected a key');
        const key = string();
        skip();
        if (text[at] !== ':') fail('expected ":"');
        at++;
        // defineProperty: a key named "__proto__" is data, never a prototype change.
        Object.defineProperty(object, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
        skip();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === '}') {
          at++;
          return object;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      at++;
      const array: JsonValue[] = [];
      skip();
      if (text[at] === ']') {
        at++;
        return array;
      }
      for (;;) {
        array.push(value(depth + 1));
        skip();
        if (text[at] === ',') {
          at++;
          continue;
        }
        if (text[at] === ']') {
          at++;
          return array;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    if (c === 't' && text.startsWith('true', at)) return (at += 4), true;
    if (c === 'f' && text.startsWith('false', at)) return (at += 5), false;
    if (c === 'n' && text.startsWith('null', at)) return (at += 4), null;
    return number();
  };
  const string = (): string => {
    // Find the closing quote; JSON.parse on the slice does the unescaping and validation.
    const start = at;
    at++;
    for (;;) {
      const code = text.charCodeAt(at);
      if (Number.isNaN(code)) fail('unterminated string');
      if (code === 0x5c) at += 2;
      else if (code === 0x22) break;
      else at++;
    }
    at++;
    try {
      return JSON.parse(text.slice(start, at)) as string;
    } catch {
      return fail('bad string');
    }
  };
  const number = (): number | bigint => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at, at + 400));
    if (!match) return fail('unexpected character');
    const token = match[0];
    at += token.length;
    if (match[2] === undefined && match[3] === undefined) {
      const asNumber = Number(token);
      return Number.isSafeInteger(asNumber) ? asNumber : BigInt(token);
    }
    return Number(token);
  };
  const result = value(0);
  skip();
  if (at !== text.length) fail('trailing characters');
  return result;
}

/** Writes compact JSON as serde_json does (no spaces); bigints as digits, F32 as an f32. */
export function stringifyJson(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'number':
      // serde_json writes a non-finite float as null.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value instanceof F32) return formatF32(value.value);
  if (Array.isArray(value)) return `[${value.map(stringifyJson).join(',')}]`;
  const parts: string[] = [];
  for (const key of Object.keys(value)) parts.push(`${JSON.stringify(key)}:${stringifyJson(value[key]!)}`);
  return `{${parts.join(',')}}`;
}
