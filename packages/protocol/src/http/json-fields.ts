/**
 * Typed reads from a parsed JSON object. A missing or mistyped field is 4 (invalid_format) naming
 * the field; u64 fields accept any integer token up to 18446744073709551615 without rounding.
 */
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';
import type { JsonObject, JsonValue } from './json-value.js';

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;

function bad(name: string, expected: string, value: unknown): never {
  throw new IggyError(ErrorCode.InvalidFormat, `field "${name}": expected ${expected}, got ${value === undefined ? 'nothing' : typeof value}`);
}

export function asObject(value: JsonValue | undefined, name = 'body'): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value === undefined) return bad(name, 'an object', value);
  return value as JsonObject;
}

export function asArray(value: JsonValue | undefined, name: string): JsonValue[] {
  if (!Array.isArray(value)) return bad(name, 'an array', value);
  return value;
}

export function has(object: JsonObject, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, name) && object[name] !== null;
}

export function readString(object: JsonObject, name: string): string {
  const value = object[name];
  if (typeof value !== 'string') return bad(name, 'a string', value);
  return value;
}

export function readJsonBool(object: JsonObject, name: string): boolean {
  const value = object[name];
  if (typeof value !== 'boolean') return bad(name, 'a boolean', value);
  return value;
}

function integer(value: JsonValue | undefined, name: string, max: bigint): bigint {
  const big = typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : typeof value === 'bigint' ? value : null;
  if (big === null || big < 0n || big > max) return bad(name, `an integer in 0..=${max}`, value);
  return big;
}

export function toU64(value: JsonValue | undefined, name: string): bigint {
  return integer(value, name, U64_MAX);
}

export function readU64(object: JsonObject, name: string): bigint {
  return integer(object[name], name, U64_MAX);
}

export function readU128(object: JsonObject, name: string): bigint {
  return integer(object[name], name, U128_MAX);
}

export function readUint(object: JsonObject, name: string, max: number): number {
  return Number(integer(object[name], name, BigInt(max)));
}

export function readU32(object: JsonObject, name: string): number {
  return readUint(object, name, 0xffff_ffff);
}
