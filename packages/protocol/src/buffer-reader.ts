import { ErrorCode } from './errors/error-codes.js';
import { IggyError } from './errors/iggy-error.js';

/**
 * Sequential little-endian reader over one request or response payload.
 * Every read is bounds-checked: running past the end throws IggyError(InvalidCommand),
 * so a truncated payload is a clean protocol error, never a RangeError or a crash.
 */
export class BufferReader {
  offset: number;
  readonly end: number;

  constructor(
    readonly buffer: Buffer,
    start = 0,
    end = buffer.length,
  ) {
    this.offset = start;
    this.end = end;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  ensure(byteCount: number, code: number = ErrorCode.InvalidCommand): void {
    if (byteCount < 0 || this.offset + byteCount > this.end) {
      throw new IggyError(code, `need ${byteCount} bytes at ${this.offset}, have ${this.remaining}`);
    }
  }

  u8(): number {
    this.ensure(1);
    return this.buffer[this.offset++]!;
  }

  u16(): number {
    this.ensure(2);
    const value = this.buffer.readUInt16LE(this.offset);
    this.offset += 2;
    return value;
  }

  u32(): number {
    this.ensure(4);
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }

  u64(): bigint {
    this.ensure(8);
    const value = this.buffer.readBigUInt64LE(this.offset);
    this.offset += 8;
    return value;
  }

  /** A u64 that must fit a JS number exactly (offsets, counts): larger values are invalid input. */
  u64Number(): number {
    const value = this.u64();
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new IggyError(ErrorCode.InvalidCommand, `u64 ${value} too large`);
    return Number(value);
  }

  u128(): bigint {
    const low = this.u64();
    const high = this.u64();
    return (high << 64n) | low;
  }

  f32(): number {
    this.ensure(4);
    const value = this.buffer.readFloatLE(this.offset);
    this.offset += 4;
    return value;
  }

  bytes(byteCount: number): Buffer {
    this.ensure(byteCount);
    const view = this.buffer.subarray(this.offset, this.offset + byteCount);
    this.offset += byteCount;
    return view;
  }

  /** UTF-8 text of a given byte length; invalid UTF-8 is error 81 (invalid_utf8). */
  utf8(byteCount: number): string {
    const raw = this.bytes(byteCount);
    return decodeUtf8Strict(raw);
  }

  /** u8 length + UTF-8 bytes. */
  str8(): string {
    return this.utf8(this.u8());
  }

  /** u32 length + UTF-8 bytes. */
  str32(): string {
    return this.utf8(this.u32());
  }
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8Strict(raw: Uint8Array): string {
  try {
    return strictDecoder.decode(raw);
  } catch {
    throw new IggyError(ErrorCode.InvalidUtf8);
  }
}
