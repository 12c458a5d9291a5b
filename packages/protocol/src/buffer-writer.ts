/**
 * Growable little-endian writer for building payloads. Codecs that know their exact size
 * up front may write into `Buffer.allocUnsafe(size)` directly instead; this class is for the
 * variable-length records (lists, names) where summing sizes first is error-prone.
 */
export class BufferWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(initialCapacityBytes = 256) {
    this.#buffer = Buffer.allocUnsafe(initialCapacityBytes);
  }

  get length(): number {
    return this.#length;
  }

  #reserve(byteCount: number): number {
    const start = this.#length;
    const needed = start + byteCount;
    if (needed > this.#buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, this.#buffer.length * 2));
      this.#buffer.copy(grown, 0, 0, start);
      this.#buffer = grown;
    }
    this.#length = needed;
    return start;
  }

  u8(value: number): this {
    const at = this.#reserve(1);
    this.#buffer[at] = value & 0xff;
    return this;
  }

  u16(value: number): this {
    const at = this.#reserve(2); // reserve first: it may replace #buffer
    this.#buffer.writeUInt16LE(value, at);
    return this;
  }

  u32(value: number): this {
    const at = this.#reserve(4);
    this.#buffer.writeUInt32LE(value >>> 0, at);
    return this;
  }

  u64(value: bigint | number): this {
    const at = this.#reserve(8);
    this.#buffer.writeBigUInt64LE(BigInt(value), at);
    return this;
  }

  u128(value: bigint): this {
    this.u64(value & 0xffff_ffff_ffff_ffffn);
    this.u64(value >> 64n);
    return this;
  }

  f32(value: number): this {
    const at = this.#reserve(4);
    this.#buffer.writeFloatLE(value, at);
    return this;
  }

  bytes(value: Uint8Array): this {
    const at = this.#reserve(value.length);
    this.#buffer.set(value, at);
    return this;
  }

  /** u8 byte length + UTF-8 bytes. Throws if the encoding exceeds 255 bytes (caller validates first). */
  str8(value: string): this {
    const raw = Buffer.from(value, 'utf8');
    if (raw.length > 255) throw new RangeError(`string of ${raw.length} bytes does not fit a u8 length`);
    return this.u8(raw.length).bytes(raw);
  }

  /** u32 byte length + UTF-8 bytes. */
  str32(value: string): this {
    const raw = Buffer.from(value, 'utf8');
    return this.u32(raw.length).bytes(raw);
  }

  /** The written bytes (a view, valid until the next write). */
  view(): Buffer {
    return this.#buffer.subarray(0, this.#length);
  }

  /** A copy of the written bytes that owns its memory. */
  toBuffer(): Buffer {
    return Buffer.from(this.view());
  }
}
