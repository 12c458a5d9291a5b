import { BufferReader } from './buffer-reader.js';
import type { BufferWriter } from './buffer-writer.js';
import { ErrorCode } from './errors/error-codes.js';
import { IggyError } from './errors/iggy-error.js';

// Small building blocks shared by the command codecs. Every check throws IggyError with the
// code the original server uses, so codecs read as a list of fields and their limits.

export const EMPTY_PAYLOAD: Buffer = Buffer.alloc(0);

/** Commands whose request (or response) carries nothing: any byte is invalid input (3). */
export function expectEmptyPayload(payload: Buffer): void {
  if (payload.length !== 0) throw new IggyError(ErrorCode.InvalidCommand, `expected empty payload, got ${payload.length} bytes`);
}

/** §8.1: the original refuses payloads shorter than a per-command minimum with 3. */
export function ensureMinPayload(payload: Buffer, byteCountMin: number): void {
  if (payload.length < byteCountMin) {
    throw new IggyError(ErrorCode.InvalidCommand, `payload of ${payload.length} bytes is shorter than ${byteCountMin}`);
  }
}

/** Empty OK response of commands without response data. */
export function encodeEmptyResponse(): Buffer {
  return EMPTY_PAYLOAD;
}

/** Accepts any payload: clients ignore bytes they do not expect, so this never throws. */
export function decodeEmptyResponse(_payload: Buffer): void {}

/** UTF-8 bytes of a name, checked against [min, max] byte length; violation gives `code`. */
export function nameBytes(name: string, byteCountMin: number, byteCountMax: number, code: number): Buffer {
  const raw = Buffer.from(name, 'utf8');
  if (raw.length < byteCountMin || raw.length > byteCountMax) {
    throw new IggyError(code, `length ${raw.length} outside ${byteCountMin}..=${byteCountMax}`);
  }
  return raw;
}

/** str8 with a validated length (the length is checked before the bytes are read). */
export function writeName(writer: BufferWriter, name: string, byteCountMin: number, byteCountMax: number, code: number): void {
  const raw = nameBytes(name, byteCountMin, byteCountMax, code);
  writer.u8(raw.length).bytes(raw);
}

export function readName(reader: BufferReader, byteCountMin: number, byteCountMax: number, code: number): string {
  const length = reader.u8();
  if (length < byteCountMin || length > byteCountMax) {
    throw new IggyError(code, `length ${length} outside ${byteCountMin}..=${byteCountMax}`);
  }
  return reader.utf8(length);
}

/** Flag bytes that gate an optional field: only 0 or 1 (the original answers 3 otherwise). */
export function readFlag(reader: BufferReader): boolean {
  const value = reader.u8();
  if (value > 1) throw new IggyError(ErrorCode.InvalidCommand, `flag byte ${value}`);
  return value === 1;
}

/** Plain booleans: exactly 1 is true, anything else false (as the original reads them). */
export function readBool(reader: BufferReader): boolean {
  return reader.u8() === 1;
}

/** A u8 enum value that must be one of `allowed`; anything else is invalid input (3). */
export function readEnumU8<T extends number>(reader: BufferReader, allowed: readonly T[], what: string): T {
  const value = reader.u8();
  if (!(allowed as readonly number[]).includes(value)) throw new IggyError(ErrorCode.InvalidCommand, `${what} ${value}`);
  return value as T;
}

export function checkEnum<T extends number>(value: number, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly number[]).includes(value)) throw new IggyError(ErrorCode.InvalidCommand, `${what} ${value}`);
  return value as T;
}

/** Integer range check for encoders: a value that does not fit its wire type is invalid input. */
export function checkU32(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff_ffff) throw new IggyError(ErrorCode.InvalidCommand, `${what} ${value}`);
  return value;
}

export function checkU64(value: bigint, what: string): bigint {
  if (value < 0n || value > 0xffff_ffff_ffff_ffffn) throw new IggyError(ErrorCode.InvalidCommand, `${what} ${value}`);
  return value;
}

/** List responses have no count prefix: records follow each other until the payload ends. */
export function readRecordList<T>(payload: Buffer, read: (reader: BufferReader) => T): T[] {
  const reader = new BufferReader(payload);
  const records: T[] = [];
  while (reader.remaining > 0) records.push(read(reader));
  return records;
}
