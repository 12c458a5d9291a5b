import assert from 'node:assert/strict';
import { INDEX_ENTRY_SIZE } from './storage-limits.js';

const INITIAL_CAPACITY_ENTRIES = 1024;

/**
 * Index entries of one segment (or of a contiguous slice of one), kept as raw 16-byte entries
 * in one Buffer exactly as they sit in the `.index` file: u32 relative offset, u32 end position
 * of the record in the log, u64 timestamp (µs). Keeping the on-disk layout means a flush writes
 * a subarray with no encoding step, and memory stays at 16 bytes per message with no JS object
 * per message.
 *
 * `firstIndex` is the index (= relative offset) of the first entry held; a full index has 0.
 * Slices read from disk for one read start later and may not reach the end of the segment.
 */
export class SegmentIndex {
  #entries: Buffer;
  #count: number;
  readonly firstIndex: number;

  private constructor(entries: Buffer, count: number, firstIndex: number) {
    this.#entries = entries;
    this.#count = count;
    this.firstIndex = firstIndex;
  }

  static empty(): SegmentIndex {
    return new SegmentIndex(Buffer.allocUnsafe(INITIAL_CAPACITY_ENTRIES * INDEX_ENTRY_SIZE), 0, 0);
  }

  /** Wraps entries read from a file; `bytes.length` must be a multiple of 16. No copy. */
  static fromBytes(bytes: Buffer, firstIndex = 0): SegmentIndex {
    assert.equal(bytes.length % INDEX_ENTRY_SIZE, 0, 'index bytes must hold whole entries');
    return new SegmentIndex(bytes, bytes.length / INDEX_ENTRY_SIZE, firstIndex);
  }

  /** Index one past the last entry held (the number of entries for a full index). */
  get endIndex(): number {
    return this.firstIndex + this.#count;
  }

  get count(): number {
    return this.#count;
  }

  /** Appends one entry; timestamp split in two u32 halves so the hot path creates no bigint. */
  append(relativeOffset: number, endPosition: number, timestampLow: number, timestampHigh: number): void {
    assert.equal(this.firstIndex, 0, 'only a full index grows');
    assert.equal(relativeOffset, this.#count, 'index entries are dense');
    if ((this.#count + 1) * INDEX_ENTRY_SIZE > this.#entries.length) this.#grow();
    const at = this.#count * INDEX_ENTRY_SIZE;
    const entries = this.#entries;
    entries.writeUInt32LE(relativeOffset, at);
    entries.writeUInt32LE(endPosition, at + 4);
    entries.writeUInt32LE(timestampLow, at + 8);
    entries.writeUInt32LE(timestampHigh, at + 12);
    this.#count += 1;
  }

  /** Drops entries from `index` on (used by recovery when it cuts a torn tail). */
  truncate(index: number): void {
    assert.ok(index >= this.firstIndex && index <= this.endIndex);
    this.#count = index - this.firstIndex;
  }

  relativeOffset(index: number): number {
    return this.#entries.readUInt32LE(this.#at(index));
  }

  /** Byte position in the log where record `index` ends (exclusive). */
  endPosition(index: number): number {
    return this.#entries.readUInt32LE(this.#at(index) + 4);
  }

  /** Byte position in the log where record `index` starts. */
  startPosition(index: number): number {
    return index === 0 ? 0 : this.endPosition(index - 1);
  }

  timestamp(index: number): bigint {
    return this.#entries.readBigUInt64LE(this.#at(index) + 8);
  }

  /** First index in [from, endIndex) whose timestamp is ≥ `timestampMicros`, or endIndex. */
  lowerBoundByTimestamp(timestampMicros: bigint, from = this.firstIndex): number {
    let low = from;
    let high = this.endIndex;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.timestamp(middle) < timestampMicros) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /**
   * Largest index `last` in [from, to) such that record bytes [startPosition(from),
   * endPosition(last)) fit in `bytesMax`; returns from - 1 when not even the first fits.
   * End positions increase strictly, so a binary search works.
   */
  lastIndexWithin(from: number, to: number, startPosition: number, bytesMax: number): number {
    let low = from;
    let high = to;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.endPosition(middle) - startPosition <= bytesMax) low = middle + 1;
      else high = middle;
    }
    return low - 1;
  }

  /** Raw entries [from, to) as a view of the backing buffer (valid even after later growth). */
  bytes(from = this.firstIndex, to = this.endIndex): Buffer {
    assert.ok(from >= this.firstIndex && from <= to && to <= this.endIndex, 'index range not held');
    return this.#entries.subarray((from - this.firstIndex) * INDEX_ENTRY_SIZE, (to - this.firstIndex) * INDEX_ENTRY_SIZE);
  }

  #at(index: number): number {
    assert.ok(index >= this.firstIndex && index < this.endIndex, `index entry ${index} not held`);
    return (index - this.firstIndex) * INDEX_ENTRY_SIZE;
  }

  #grow(): void {
    // Doubling keeps appends amortised O(1). Views handed out earlier (pending writes) keep
    // the old buffer alive and unchanged, since entries are never rewritten once appended.
    const grown = Buffer.allocUnsafe(Math.max(this.#entries.length * 2, INITIAL_CAPACITY_ENTRIES * INDEX_ENTRY_SIZE));
    this.#entries.copy(grown, 0, 0, this.#count * INDEX_ENTRY_SIZE);
    this.#entries = grown;
  }
}
