import type { FileHandle } from 'node:fs/promises';
import { xxh3_64 } from '@iggy-node/protocol';
import { readExactly } from './file-io.js';
import { MESSAGE_HEADER_SIZE, RECOVERY_READ_CHUNK_BYTES } from './storage-limits.js';

/** Result of looking at the bytes at one log position as a message record. */
export type RecordCheck =
  | { readonly kind: 'incomplete' }
  | {
      readonly kind: 'valid' | 'invalid';
      /** Why an invalid record is invalid. */
      readonly problem: string;
      readonly sizeBytes: number;
      readonly offset: number;
      readonly timestampLow: number;
      readonly timestampHigh: number;
    };

/**
 * Reads records of one log file sequentially for recovery, through a large read-ahead chunk,
 * and checks each one on its own: complete, reserved field zero, checksum right. Whether the
 * offset fits is the caller's business (it knows the segment).
 */
export class LogRecordReader {
  readonly #handle: FileHandle;
  readonly #sizeBytes: number;
  #chunk: Buffer = Buffer.alloc(0);
  #chunkStart = 0;

  constructor(handle: FileHandle, sizeBytes: number) {
    this.#handle = handle;
    this.#sizeBytes = sizeBytes;
  }

  async check(position: number): Promise<RecordCheck> {
    if (position + MESSAGE_HEADER_SIZE > this.#sizeBytes) return { kind: 'incomplete' };
    const header = await this.#bytes(position, MESSAGE_HEADER_SIZE);
    const sizeBytes = MESSAGE_HEADER_SIZE + header.readUInt32LE(48) + header.readUInt32LE(52);
    if (position + sizeBytes > this.#sizeBytes) return { kind: 'incomplete' };
    const record = await this.#bytes(position, sizeBytes);
    let problem = '';
    if (record.readBigUInt64LE(56) !== 0n) problem = 'reserved field is not zero';
    else if (record.readBigUInt64LE(0) !== xxh3_64(record.subarray(8))) problem = 'checksum mismatch';
    return {
      kind: problem === '' ? 'valid' : 'invalid',
      problem,
      sizeBytes,
      // Garbage above 2^53 loses precision here, but then it cannot equal the expected offset.
      offset: Number(record.readBigUInt64LE(24)),
      timestampLow: record.readUInt32LE(32),
      timestampHigh: record.readUInt32LE(36),
    };
  }

  async #bytes(position: number, length: number): Promise<Buffer> {
    const chunkEnd = this.#chunkStart + this.#chunk.length;
    if (position >= this.#chunkStart && position + length <= chunkEnd) {
      return this.#chunk.subarray(position - this.#chunkStart, position - this.#chunkStart + length);
    }
    const readLength = Math.min(Math.max(length, RECOVERY_READ_CHUNK_BYTES), this.#sizeBytes - position);
    this.#chunk = await readExactly(this.#handle, readLength, position);
    this.#chunkStart = position;
    return this.#chunk.subarray(0, length);
  }
}
