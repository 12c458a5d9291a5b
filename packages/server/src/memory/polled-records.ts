/**
 * The records a poll returns, on their way from the partition's owner shard to the connection
 * that answers (issue 14, "polls without copies"). The owner reads them (file bytes with a
 * positional read, unwritten ones from memory) straight into a memory-pool slot, after
 * POLL_RESPONSE_HEADROOM_BYTES left free, so a binary transport writes the response header and
 * the poll header into that room and sends the region as one buffer; the slot goes back when
 * that write has completed (or the connection is gone). No Buffer is allocated per poll, which
 * was the largest off-heap churn left (benchmarks/RESULTS.md §8, finding 3).
 *
 * `PolledRecords` is plain data, so it crosses shards as a slot reference; when the pool has no
 * slot (full, or off) the records are read into their own ArrayBuffer instead (counted as the
 * poll_to_buffer copy site), which crosses shards moved, not cloned.
 *
 * Runs on: the owner shard (allocate), the answering shard (open, release).
 */
import { POLL_RESPONSE_HEADER_SIZE, RESPONSE_HEADER_SIZE } from '@iggy-node/protocol';
import { countDataPathCopy } from './data-path-copies.js';
import type { MemoryPool, PoolSlot } from './memory-pool.js';

/** Room in front of the records: the 8-byte response header, then the 16-byte poll header. */
export const POLL_RESPONSE_HEADROOM_BYTES = RESPONSE_HEADER_SIZE + POLL_RESPONSE_HEADER_SIZE;

export interface PolledRecords {
  /** The pool slot holding headroom + records, or null. */
  slot: PoolSlot | null;
  /** Without a slot: headroom + records in an ArrayBuffer of their own (moved across shards); null when there are none. */
  buffer: Uint8Array | null;
  /** Bytes of whole stored records after the headroom. */
  byteLength: number;
}

export const NO_POLLED_RECORDS: PolledRecords = Object.freeze({ slot: null, buffer: null, byteLength: 0 });

/** Where the owner reads a poll's records: `region` is headroom + `byteLength` bytes. */
export interface PollRegion {
  region: Buffer;
  slot: PoolSlot | null;
  buffer: Uint8Array | null;
}

/** Owner side: a region for `byteLength` bytes of records, in a pool slot when one is free. */
export function allocatePollRegion(pool: MemoryPool, byteLength: number): PollRegion {
  const total = POLL_RESPONSE_HEADROOM_BYTES + byteLength;
  const slot = pool.acquire(total);
  if (slot) return { region: pool.viewOf(slot, total), slot, buffer: null };
  // allocUnsafeSlow: an ArrayBuffer of its own (never Node's shared 8 KiB pool), so it can move.
  const buffer = Buffer.allocUnsafeSlow(total);
  countDataPathCopy('poll_to_buffer', byteLength);
  return { region: buffer, slot: null, buffer };
}

/** The records read into `region`: the first `byteLength` bytes after the headroom. */
export function polledRecordsOf(region: PollRegion, byteLength: number): PolledRecords {
  return { slot: region.slot, buffer: region.buffer, byteLength };
}

/**
 * Gives back the slot of a region (a poll that failed or found nothing after all) or of records
 * nobody will answer with (a bus reply that came too late).
 */
export function releasePolledSlot(pool: MemoryPool, holder: PollRegion | PolledRecords): void {
  if (holder.slot) pool.release(holder.slot);
}

/**
 * The records of one poll on the thread that answers it. `frame` is the headroom followed by
 * the records: a transport writes the headers into its first POLL_RESPONSE_HEADROOM_BYTES and
 * sends it whole. `release()` must be called once the bytes are no longer needed (written,
 * rendered, or dropped); further calls do nothing.
 */
export class PollResponseRecords {
  readonly frame: Buffer;
  #release: (() => void) | null;

  private constructor(frame: Buffer, release: (() => void) | null) {
    this.frame = frame;
    this.#release = release;
  }

  /** Takes over `records` (from this shard or another): their slot is released by release(). */
  static open(pool: MemoryPool, records: PolledRecords): PollResponseRecords {
    const total = POLL_RESPONSE_HEADROOM_BYTES + records.byteLength;
    if (records.slot) {
      const slot = records.slot;
      return new PollResponseRecords(pool.viewOfRange(slot, 0, total), () => pool.release(slot));
    }
    if (records.buffer) return new PollResponseRecords(Buffer.from(records.buffer.buffer, records.buffer.byteOffset, total), null);
    // No records: 24 bytes from Node's shared small-buffer pool, no ArrayBuffer of its own.
    return new PollResponseRecords(Buffer.allocUnsafe(POLL_RESPONSE_HEADROOM_BYTES), null);
  }

  /** The stored records, back to back. */
  get records(): Buffer {
    return this.frame.subarray(POLL_RESPONSE_HEADROOM_BYTES);
  }

  release(): void {
    const release = this.#release;
    this.#release = null;
    release?.();
  }
}
