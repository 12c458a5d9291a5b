import assert from 'node:assert/strict';
import { constants as fsConstants } from 'node:fs';
import { rm, type FileHandle } from 'node:fs/promises';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import { fileIo, readExactly, readExactlyInto, writevFully } from './file-io.js';
import { SegmentIndex } from './segment-index.js';
import { segmentIndexPath, segmentLogPath } from './segment-files.js';
import { INDEX_ENTRY_SIZE } from './storage-limits.js';

/** Bytes of a segment accepted by append() but not yet written to its log file. */
export interface UnwrittenBytes {
  readonly logPosition: number;
  readonly bytes: Buffer;
  /** Index of its first record in the segment. */
  readonly firstEntry: number;
}

/** What recovery learned about a segment's files; see partition-recovery.ts. */
export interface SegmentState {
  readonly log: FileHandle;
  readonly index: FileHandle;
  readonly entries: SegmentIndex;
  readonly sizeBytes: number;
}

const OPEN_FLAGS = fsConstants.O_RDWR | fsConstants.O_CREAT;

/**
 * One `.log` + `.index` pair of a partition. Owned by the partition's shard thread; the
 * PartitionLog decides what is written when, the segment knows its files, its counters, and
 * which of its bytes are still only in memory.
 *
 * Bytes [0, writtenSizeBytes) are in the log file; bytes [writtenSizeBytes, sizeBytes) are in
 * `unwritten` (queued or in-flight batches), so a reader can always get every appended record.
 */
export class Segment {
  readonly directory: string;
  readonly startOffset: number;
  readonly logPath: string;
  readonly indexPath: string;

  /** Entries in memory: always for a segment being written, for sealed ones per cache mode. */
  entries: SegmentIndex | null;
  messagesCount: number;
  /** Log bytes including those not written yet. */
  sizeBytes: number;
  writtenSizeBytes: number;
  startTimestampMicros: bigint;
  endTimestampMicros: bigint;
  sealed = false;
  /** Data written since the last fdatasync (only tracked without enforceFsync). */
  dirty = false;
  readonly unwritten: UnwrittenBytes[] = [];

  #log: FileHandle | null;
  #index: FileHandle | null;
  #opening: Promise<void> | null = null;
  #readers = 0;
  #readersDrained: (() => void) | null = null;

  private constructor(directory: string, startOffset: number, state: SegmentState | null) {
    this.directory = directory;
    this.startOffset = startOffset;
    this.logPath = segmentLogPath(directory, startOffset);
    this.indexPath = segmentIndexPath(directory, startOffset);
    this.#log = state?.log ?? null;
    this.#index = state?.index ?? null;
    this.entries = state?.entries ?? SegmentIndex.empty();
    this.messagesCount = state?.entries.count ?? 0;
    this.sizeBytes = state?.sizeBytes ?? 0;
    this.writtenSizeBytes = this.sizeBytes;
    this.startTimestampMicros = this.messagesCount > 0 ? state!.entries.timestamp(0) : 0n;
    this.endTimestampMicros = this.messagesCount > 0 ? state!.entries.timestamp(this.messagesCount - 1) : 0n;
  }

  /**
   * A new empty segment whose files are created by the first write (ensureOpen). Creating it
   * synchronously lets append() roll over without awaiting anything, which keeps offset
   * assignment synchronous and in call order.
   */
  static createEmpty(directory: string, startOffset: number): Segment {
    return new Segment(directory, startOffset, null);
  }

  /** A segment loaded by recovery, files already open. */
  static fromState(directory: string, startOffset: number, state: SegmentState): Segment {
    return new Segment(directory, startOffset, state);
  }

  /** Offset of the last record, or startOffset - 1 for an empty segment. */
  get lastOffset(): number {
    return this.startOffset + this.messagesCount - 1;
  }

  get nextOffset(): number {
    return this.startOffset + this.messagesCount;
  }

  get isOpen(): boolean {
    return this.#log !== null;
  }

  /** Creates (or opens) both files; a no-op once open. */
  async ensureOpen(): Promise<void> {
    if (this.#log !== null) return;
    this.#opening ??= (async () => {
      const log = await fileIo().open(this.logPath, OPEN_FLAGS, 0o644);
      try {
        this.#index = await fileIo().open(this.indexPath, OPEN_FLAGS, 0o644);
      } catch (error) {
        await log.close();
        throw error;
      }
      this.#log = log;
    })();
    // A failed create (ENOSPC, EIO) is retried by the next write.
    this.#opening.catch(() => (this.#opening = null));
    await this.#opening;
  }

  async writeLog(buffers: readonly Buffer[], position: number): Promise<void> {
    await writevFully(this.#handle('log'), buffers, position, this.logPath);
  }

  async writeIndex(buffers: readonly Buffer[], position: number): Promise<void> {
    await writevFully(this.#handle('index'), buffers, position, this.indexPath);
  }

  async datasync(): Promise<void> {
    if (this.#log === null) return;
    await Promise.all([fileIo().datasync(this.logPath, this.#log), fileIo().datasync(this.indexPath, this.#index!)]);
    this.dirty = false;
  }

  /**
   * Forgets every record from entry `entriesCount` on (their bytes start at `sizeBytes`): in
   * memory now, and in both files once `truncateFiles` succeeds. Used when a write failed.
   */
  rollBack(entriesCount: number, sizeBytes: number): void {
    assert.ok(this.entries !== null, 'a segment with unwritten batches keeps its index in memory');
    this.unwritten.length = 0;
    this.entries.truncate(entriesCount);
    this.messagesCount = entriesCount;
    this.sizeBytes = sizeBytes;
    this.writtenSizeBytes = sizeBytes;
    this.startTimestampMicros = entriesCount > 0 ? this.entries.timestamp(0) : 0n;
    this.endTimestampMicros = entriesCount > 0 ? this.entries.timestamp(entriesCount - 1) : 0n;
    this.sealed = false;
  }

  /** Cuts both files to what `messagesCount`/`sizeBytes` say (after rollBack); no-op if not created. */
  async truncateFiles(): Promise<void> {
    if (this.#log === null) return;
    await fileIo().truncate(this.logPath, this.#log, this.writtenSizeBytes);
    await fileIo().truncate(this.indexPath, this.#index!, this.messagesCount * INDEX_ENTRY_SIZE);
  }

  /**
   * Copies log bytes [start, end) into target[at, at + end - start): one positional read for the
   * part already in the file, then the rest from the in-memory batches. Synchronous, so no write
   * can complete (moving bytes from memory to disk) or roll back in between, and the batches'
   * memory (often a pool slot handed on as soon as its write completes) is read while it is
   * still theirs. Returns how many leading bytes came from the file (those need verification).
   */
  readLogInto(start: number, end: number, target: Buffer, at: number): number {
    assert.ok(start <= end && end <= this.sizeBytes, `log range ${start}..${end} outside segment`);
    assert.ok(at >= 0 && at + (end - start) <= target.length, 'read target too small');
    const diskEnd = Math.min(end, this.writtenSizeBytes);
    let diskBytes = 0;
    if (start < diskEnd) {
      diskBytes = diskEnd - start;
      readExactlyInto(this.#handle('log'), target, at, diskBytes, start, this.logPath);
    }
    const memoryStart = Math.max(start, diskEnd);
    if (memoryStart < end) {
      for (const batch of this.unwritten) {
        const batchEnd = batch.logPosition + batch.bytes.length;
        if (batchEnd <= memoryStart) continue;
        if (batch.logPosition >= end) break;
        const from = Math.max(memoryStart, batch.logPosition);
        batch.bytes.copy(target, at + (from - start), from - batch.logPosition, Math.min(end, batchEnd) - batch.logPosition);
      }
    }
    return diskBytes;
  }

  /**
   * Entries [from, to) plus entry from - 1 (needed for the start position), from memory when
   * cached, else with one positional read of the index file.
   */
  async loadEntries(from: number, to: number): Promise<SegmentIndex> {
    if (this.entries !== null) return this.entries;
    const first = Math.max(from - 1, 0);
    const handle = this.#handle('index');
    this.#readers += 1;
    try {
      const bytes = await readExactly(handle, (to - first) * INDEX_ENTRY_SIZE, first * INDEX_ENTRY_SIZE, this.indexPath);
      return SegmentIndex.fromBytes(bytes, first);
    } finally {
      this.#endRead();
    }
  }

  /** First entry index with timestamp ≥ target (messagesCount if none). */
  async lowerBoundByTimestamp(timestampMicros: bigint): Promise<number> {
    if (this.entries !== null) return this.entries.lowerBoundByTimestamp(timestampMicros);
    // Uncached: binary search with 8-byte reads of the timestamps; about log2(n) reads.
    const handle = this.#handle('index');
    this.#readers += 1;
    try {
      let low = 0;
      let high = this.messagesCount;
      while (low < high) {
        const middle = (low + high) >>> 1;
        const bytes = await readExactly(handle, 8, middle * INDEX_ENTRY_SIZE + 8, this.indexPath);
        if (bytes.readBigUInt64LE(0) < timestampMicros) low = middle + 1;
        else high = middle;
      }
      return low;
    } finally {
      this.#endRead();
    }
  }

  /** Closes both files once running reads have finished. */
  async close(): Promise<void> {
    if (this.#opening !== null) await this.#opening.catch(() => undefined);
    if (this.#readers > 0) await new Promise<void>((resolve) => (this.#readersDrained = resolve));
    const log = this.#log;
    const index = this.#index;
    this.#log = null;
    this.#index = null;
    this.#opening = null;
    await Promise.all([log?.close(), index?.close()]);
  }

  /** Closes and removes both files. */
  async delete(): Promise<void> {
    await this.close();
    await Promise.all([rm(this.logPath, { force: true }), rm(this.indexPath, { force: true })]);
  }

  #handle(which: 'log' | 'index'): FileHandle {
    const handle = which === 'log' ? this.#log : this.#index;
    // Reachable when a read races the deletion of this segment (purge, retention).
    if (handle === null) throw new IggyError(ErrorCode.SegmentClosed, this.logPath);
    return handle;
  }

  #endRead(): void {
    this.#readers -= 1;
    if (this.#readers === 0 && this.#readersDrained !== null) {
      this.#readersDrained();
      this.#readersDrained = null;
    }
  }
}
