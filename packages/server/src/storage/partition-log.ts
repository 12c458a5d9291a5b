import assert from 'node:assert/strict';
import { open, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import { checkMessagesSection, stampMessages } from './message-stamper.js';
import { recoverPartition, type CacheIndexesMode } from './partition-recovery.js';
import { Segment, type UnwrittenBytes } from './segment.js';
import { INDEX_ENTRY_SIZE, OFFSET_MAX, PENDING_WRITE_BYTES_MAX, SEGMENT_POSITION_MAX, SEGMENT_SIZE_BYTES_MAX } from './storage-limits.js';
import { verifyStoredRecords } from './stored-records.js';

export interface PartitionLogOptions {
  directory: string;
  /** A segment is sealed once it holds at least this many bytes (a batch never splits). */
  segmentSizeBytes: number;
  /** fdatasync log and index before append() resolves (shared by concurrent appends). */
  enforceFsync: boolean;
  cacheIndexes: CacheIndexesMode;
  /** Check every record at open, and checksums of records read from disk. Default false. */
  validateChecksum?: boolean;
  /** Microseconds since the Unix epoch; injectable for tests. */
  clock?: () => bigint;
  /** Backpressure bound on unwritten bytes; default PENDING_WRITE_BYTES_MAX. */
  pendingWriteBytesMax?: number;
}

/** Counters of the write path, for metrics and for tests that check coalescing. */
export interface PartitionLogStats {
  /** Write rounds (each: one writev of log bytes + one of index entries per touched segment). */
  writeRounds: number;
  /** fdatasync rounds made for enforceFsync (one per write round, shared by its batches). */
  fsyncRounds: number;
  /** Appends that had to wait: the pending bytes bound was reached, or a purge was running. */
  backpressureWaits: number;
  /** Write rounds that failed (ENOSPC, EIO, a failed fdatasync) and were rolled back. */
  failedWriteRounds: number;
}

/** Whether the last write of a partition failed; cleared by the next successful write. */
export interface PartitionLogHealth {
  failing: boolean;
  /** The error of the most recent failed write (kept after recovery, for diagnosis). */
  lastError: string | null;
  /** Files still hold bytes of a failed write because cutting them failed too (retried first). */
  repairPending: boolean;
}

export interface AppendResult {
  firstOffset: number;
  lastOffset: number;
  timestampMicros: bigint;
}

export interface ReadResult {
  /** Whole stored records, as contiguous chunks of the log (several records per chunk). */
  records: Buffer[];
  count: number;
  /** Offset of the first returned record (0 when count is 0). */
  firstOffset: number;
  /** Offset of the last returned record (0 when count is 0). */
  lastOffset: number;
}

/** Where a read lands: the records go to buffer[at, at + byteLength), byteLength as asked. */
export interface ReadTarget {
  buffer: Buffer;
  at: number;
}

/** The records of readByOffsetInto/readByTimestampInto: target.buffer[at, at + byteLength). */
export interface ReadIntoResult {
  /** Bytes of whole records written to the target (at most what was allocated). */
  byteLength: number;
  count: number;
  /** Offset of the first returned record (0 when count is 0). */
  firstOffset: number;
  /** Offset of the last returned record (0 when count is 0). */
  lastOffset: number;
}

/** Records [firstOffset, firstOffset + count) of one segment: log bytes [start, end). */
interface ReadRange {
  readonly segment: Segment;
  readonly start: number;
  readonly end: number;
  readonly firstOffset: number;
  readonly count: number;
}

/** What a read will copy, found in the indexes before the target is allocated. */
interface ReadPlan {
  readonly ranges: ReadRange[];
  readonly byteLength: number;
  /** #rollBacks when planned: a rollback since may have moved the ranges' bytes. */
  readonly rollBacks: number;
}

/**
 * Called with a sealed, fully written segment before retention deletes it; a rejection keeps
 * the segment (and stops this deletion run). Used for system.segment.archive_expired.
 */
export type BeforeSegmentDelete = (segment: { logPath: string; indexPath: string; startOffset: number }) => Promise<void>;

/** A batch accepted by append() and not yet handed to the kernel. */
interface PendingBatch extends UnwrittenBytes {
  readonly segment: Segment;
  readonly firstEntry: number;
  readonly indexBytes: Buffer;
  readonly result: AppendResult;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/** An append that arrived while the queue was full (or the log gated) and waits its turn. */
interface WaitingAppend {
  readonly messages: Buffer;
  readonly messagesCount: number;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

const EMPTY_READ: ReadResult = Object.freeze({ records: [], count: 0, firstOffset: 0, lastOffset: 0 }) as ReadResult;
const EMPTY_READ_INTO: ReadIntoResult = Object.freeze({ byteLength: 0, count: 0, firstOffset: 0, lastOffset: 0 });

function systemClockMicros(): bigint {
  return BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));
}

/**
 * The message log of one partition: its segments on disk, the batches on their way there, and
 * reads over both. Lives on the shard (worker thread) that owns the partition and is the only
 * writer of its files; nothing here is shared across threads.
 *
 * Append path: offsets, timestamp, ids and checksums are stamped synchronously when append()
 * is called, so appends get offsets in call order without any await. The batch is queued; one
 * write loop at a time takes everything queued and writes it with one writev per segment (log
 * bytes first, then index entries), then one fdatasync per touched segment when enforceFsync
 * is set (group commit), then resolves every batch of the round.
 *
 * Reads see every appended record: queued and in-flight batches stay in memory (referenced by
 * their segment) until their write completes, and a read takes the written part of a range
 * from the file and the rest from memory. Reads never wait for writes, so a poll right after a
 * send is not delayed by the disk (or by fdatasync).
 */
export class PartitionLog {
  readonly directory: string;
  /** Creation time of the partition directory, µs since epoch. */
  readonly createdAt: bigint;

  readonly #options: Required<PartitionLogOptions>;
  /** Oldest first; the last one is the active (open) segment. Replaced, never spliced, on delete. */
  #segments: Segment[];
  #lastTimestampMicros: bigint;
  #queue: PendingBatch[] = [];
  /** Bytes queued or in flight; bounded by PENDING_WRITE_BYTES_MAX. */
  #unwrittenBytes = 0;
  #writing: Promise<void> | null = null;
  #waiting: WaitingAppend[] = [];
  /** > 0 while purge/close need the write path quiet; appends wait in #waiting meanwhile. */
  #gates = 0;
  #closed = false;
  /** The segment whose files must be cut back (and later segments removed) before any write. */
  #repair: { segment: Segment; dropped: Segment[] } | null = null;
  #failing = false;
  #lastError: string | null = null;
  /** Failed write rounds rolled back so far: a read planned before one must not copy its ranges. */
  #rollBacks = 0;
  readonly #stats: PartitionLogStats = { writeRounds: 0, fsyncRounds: 0, backpressureWaits: 0, failedWriteRounds: 0 };

  private constructor(options: Required<PartitionLogOptions>, segments: Segment[], createdAt: bigint) {
    this.directory = options.directory;
    this.#options = options;
    this.#segments = segments;
    this.createdAt = createdAt;
    this.#lastTimestampMicros = segments.reduce((max, s) => (s.endTimestampMicros > max ? s.endTimestampMicros : max), 0n);
  }

  static async open(options: PartitionLogOptions): Promise<PartitionLog> {
    assert.ok(
      Number.isInteger(options.segmentSizeBytes) && options.segmentSizeBytes > 0 && options.segmentSizeBytes <= SEGMENT_SIZE_BYTES_MAX,
      `segmentSizeBytes must be in 1..${SEGMENT_SIZE_BYTES_MAX}`,
    );
    const resolved: Required<PartitionLogOptions> = {
      validateChecksum: false,
      clock: systemClockMicros,
      pendingWriteBytesMax: PENDING_WRITE_BYTES_MAX,
      ...options,
    };
    const segments = await recoverPartition({
      directory: resolved.directory,
      cacheIndexes: resolved.cacheIndexes,
      validateChecksum: resolved.validateChecksum,
    });
    const info = await stat(resolved.directory);
    const createdMs = info.birthtimeMs > 0 ? info.birthtimeMs : info.mtimeMs;
    return new PartitionLog(resolved, segments, BigInt(Math.round(createdMs * 1000)));
  }

  /** Offset the next appended message gets. */
  get nextOffset(): number {
    return this.#active.nextOffset;
  }

  /** True once any offset was assigned (since creation or the last purge), even if deleted since. */
  get hasMessages(): boolean {
    return this.nextOffset > 0;
  }

  /** Last assigned offset; 0 when nothing was ever assigned (use hasMessages to tell). */
  get currentOffset(): number {
    return this.hasMessages ? this.nextOffset - 1 : 0;
  }

  /** Start offset of the oldest retained segment. */
  get firstOffset(): number {
    return this.#segments[0]!.startOffset;
  }

  get messagesCount(): number {
    return this.#segments.reduce((sum, s) => sum + s.messagesCount, 0);
  }

  get sizeBytes(): number {
    return this.#segments.reduce((sum, s) => sum + s.sizeBytes, 0);
  }

  get segmentsCount(): number {
    return this.#segments.length;
  }

  /** Bytes in segments that retention may delete (all but the active one). */
  get sealedSegmentsSizeBytes(): number {
    return this.sizeBytes - this.#active.sizeBytes;
  }

  get stats(): Readonly<PartitionLogStats> {
    return this.#stats;
  }

  get health(): PartitionLogHealth {
    return { failing: this.#failing, lastError: this.#lastError, repairPending: this.#repair !== null };
  }

  get #active(): Segment {
    return this.#segments[this.#segments.length - 1]!;
  }

  /**
   * Appends one SendMessages messages section (`messagesCount` records back to back), stamping
   * server fields in place. Resolves when the bytes were handed to the kernel (and synced with
   * enforceFsync). When more than PENDING_WRITE_BYTES_MAX are unwritten, the batch waits for
   * the running write before it is stamped; waiting batches keep call order.
   */
  append(messages: Buffer, messagesCount: number): Promise<AppendResult> {
    try {
      this.#assertUsable();
      checkMessagesSection(messages, messagesCount);
      if (this.#waiting.length === 0 && this.#gates === 0 && this.#fits(messages.length)) {
        return this.#enqueue(messages, messagesCount);
      }
      this.#stats.backpressureWaits += 1;
      return new Promise((resolve, reject) => this.#waiting.push({ messages, messagesCount, resolve, reject }));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Up to countMax records from startOffset (from the first retained one if it is older), in one new Buffer. */
  async readByOffset(startOffset: number, countMax: number, bytesMax = Number.POSITIVE_INFINITY): Promise<ReadResult> {
    let buffer: Buffer | null = null;
    const read = await this.readByOffsetInto(startOffset, countMax, bytesMax, (byteLength) => ({ buffer: (buffer = Buffer.allocUnsafe(byteLength)), at: 0 }));
    return toReadResult(read, buffer);
  }

  /** Up to countMax records from the first one whose server timestamp is ≥ timestampMicros, in one new Buffer. */
  async readByTimestamp(timestampMicros: bigint, countMax: number, bytesMax = Number.POSITIVE_INFINITY): Promise<ReadResult> {
    let buffer: Buffer | null = null;
    const read = await this.readByTimestampInto(timestampMicros, countMax, bytesMax, (byteLength) => ({ buffer: (buffer = Buffer.allocUnsafe(byteLength)), at: 0 }));
    return toReadResult(read, buffer);
  }

  /**
   * Up to countMax records from startOffset, at most bytesMax bytes (but always at least one
   * record), copied into the target `allocate` returns for their exact size: the file part with
   * positional reads straight into it, the unwritten part from memory. `allocate` is called at
   * most once, and not when nothing is found; whatever it returned belongs to the caller, also
   * when this throws (a record on disk that fails verification) or returns fewer bytes (a write
   * rolled back meanwhile).
   */
  async readByOffsetInto(startOffset: number, countMax: number, bytesMax: number, allocate: (byteLength: number) => ReadTarget): Promise<ReadIntoResult> {
    const plan = await this.#planRead(startOffset, countMax, bytesMax);
    if (plan === null) return EMPTY_READ_INTO;
    const target = allocate(plan.byteLength);
    return this.#readPlanInto(plan, target.buffer, target.at);
  }

  /** readByOffsetInto from the first record whose server timestamp is ≥ timestampMicros. */
  async readByTimestampInto(timestampMicros: bigint, countMax: number, bytesMax: number, allocate: (byteLength: number) => ReadTarget): Promise<ReadIntoResult> {
    this.#assertUsable();
    for (const segment of this.#segments) {
      if (segment.messagesCount === 0 || segment.endTimestampMicros < timestampMicros) continue;
      const entry = await segment.lowerBoundByTimestamp(timestampMicros);
      if (entry < segment.messagesCount) return this.readByOffsetInto(segment.startOffset + entry, countMax, bytesMax, allocate);
    }
    return EMPTY_READ_INTO;
  }

  /**
   * Finds the log ranges of a read through the indexes (in memory for the open segment, and for
   * sealed ones per cache_indexes; otherwise one positional read of the index file per segment).
   */
  async #planRead(startOffset: number, countMax: number, bytesMax: number): Promise<ReadPlan | null> {
    this.#assertUsable();
    if (countMax <= 0 || startOffset >= this.nextOffset) return null;
    const segments = this.#segments;
    const rollBacks = this.#rollBacks;
    let offset = Math.max(startOffset, segments[0]!.startOffset);
    const ranges: ReadRange[] = [];
    let count = 0;
    let byteLength = 0;
    let bytesLeft = bytesMax;
    for (let i = segmentIndexFor(segments, offset); i < segments.length && count < countMax; i += 1) {
      const segment = segments[i]!;
      // A gap between segments (a torn tail cut at recovery) is skipped, never renumbered.
      const first = Math.max(offset, segment.startOffset) - segment.startOffset;
      const available = segment.messagesCount - first;
      if (available <= 0) continue;
      offset = segment.startOffset + first;
      const candidateLast = first + Math.min(countMax - count, available) - 1;
      let last = candidateLast;
      const entries = segment.entries ?? (await segment.loadEntries(first, last + 1));
      const start = entries.startPosition(first);
      if (bytesLeft !== Number.POSITIVE_INFINITY) {
        const fitting = entries.lastIndexWithin(first, last + 1, start, bytesLeft);
        // Always return at least one record, or a consumer with a small limit never advances.
        last = fitting < first ? (count === 0 ? first : -1) : fitting;
        if (last < 0) break;
      }
      const end = entries.endPosition(last);
      // A failed write rolled these records back while we looked them up: they are gone.
      if (end > segment.sizeBytes || this.#rollBacks !== rollBacks) break;
      ranges.push({ segment, start, end, firstOffset: offset, count: last - first + 1 });
      count += last - first + 1;
      byteLength += end - start;
      bytesLeft -= end - start;
      offset = segment.startOffset + last + 1;
      // The byte bound cut this segment's range short: the next record did not fit, and a later
      // (smaller) one must not be served in its place, or the consumer skips it for good.
      if (bytesLeft <= 0 || last < candidateLast) break;
    }
    return count === 0 ? null : { ranges, byteLength, rollBacks };
  }

  /**
   * Copies a planned read into target[at...], synchronously. A write that failed and was rolled
   * back since the plan (its bytes may be gone or replaced), or a segment deleted or purged since,
   * ends the read early: only records still in the log are returned.
   */
  #readPlanInto(plan: ReadPlan, target: Buffer, at: number): ReadIntoResult {
    this.#assertUsable();
    let written = 0;
    let count = 0;
    let lastOffset = 0;
    if (plan.rollBacks === this.#rollBacks) {
      for (const range of plan.ranges) {
        const segment = range.segment;
        if (range.end > segment.sizeBytes || this.#segments.lastIndexOf(segment) < 0) break;
        const diskBytes = segment.readLogInto(range.start, range.end, target, at + written);
        if (diskBytes > 0) {
          verifyStoredRecords(target.subarray(at + written, at + written + diskBytes), range.firstOffset, segment.logPath, this.#options.validateChecksum);
        }
        written += range.end - range.start;
        count += range.count;
        lastOffset = range.firstOffset + range.count - 1;
      }
    }
    if (count === 0) return EMPTY_READ_INTO;
    return { byteLength: written, count, firstOffset: plan.ranges[0]!.firstOffset, lastOffset };
  }

  /**
   * Deletes up to segmentsCount oldest sealed segments (never the active one). With
   * minStoredOffset, only segments whose last offset ≤ it (consumers are past them).
   */
  async deleteOldestSegments(segmentsCount: number, minStoredOffset?: number, beforeDelete?: BeforeSegmentDelete): Promise<number> {
    return this.#deleteOldestWhile(segmentsCount, (s) => minStoredOffset === undefined || s.lastOffset <= minStoredOffset, beforeDelete);
  }

  /** Deletes the oldest sealed segments whose newest message is older than expiryMicros. */
  async deleteExpiredSegments(nowMicros: bigint, expiryMicros: bigint, beforeDelete?: BeforeSegmentDelete): Promise<number> {
    return this.#deleteOldestWhile(
      Number.POSITIVE_INFINITY,
      (s) => s.messagesCount === 0 || s.endTimestampMicros + expiryMicros <= nowMicros,
      beforeDelete,
    );
  }

  /**
   * Deletes every segment and every stored consumer/group offset file, and restarts at offset 0
   * with one empty segment. Appends made during the purge wait and land after it. (The caller
   * clears its ConsumerOffsetStore too.)
   */
  async purge(): Promise<void> {
    this.#assertUsable();
    this.#gates += 1;
    try {
      await this.#drained();
      if (this.#closed) throw new IggyError(ErrorCode.PartitionNotFound, `${this.directory} closed`);
      const old = this.#segments;
      const fresh = Segment.createEmpty(this.directory, 0);
      this.#segments = [fresh];
      await Promise.all(old.map((segment) => segment.delete()));
      for (const kind of ['consumers', 'groups']) {
        const folder = join(this.directory, 'offsets', kind);
        for (const name of await readdir(folder).catch(() => [] as string[])) await rm(join(folder, name), { force: true });
      }
      await fresh.ensureOpen();
      if (this.#options.enforceFsync) await fresh.datasync();
    } finally {
      this.#gates -= 1;
      this.#admitWaiting();
    }
  }

  /** Waits until everything appended so far is written; with fsync, syncs what is not yet. */
  async flush(fsync: boolean): Promise<void> {
    this.#assertUsable();
    await this.#drained();
    if (fsync) await Promise.all(this.#segments.filter((s) => s.dirty).map((s) => s.datasync()));
  }

  /** Writes what is pending, then closes every file. Appends still waiting are rejected. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#gates += 1;
    await this.#drained();
    this.#closed = true;
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const append of waiting) append.reject(new IggyError(ErrorCode.PartitionNotFound, `${this.directory} closed`));
    // Last chance to cut the bytes of a failed write; if it fails, recovery at the next open
    // sees them as a torn or unindexed tail.
    if (this.#repair !== null) await this.#runRepair().catch(() => undefined);
    await Promise.all(this.#segments.filter((s) => s.dirty).map((s) => s.datasync().catch(() => undefined)));
    await Promise.all(this.#segments.map((segment) => segment.close()));
  }

  /** Closes and removes the whole partition directory. */
  async destroy(): Promise<void> {
    await this.close();
    await rm(this.directory, { recursive: true, force: true });
  }

  #assertUsable(): void {
    if (this.#closed) throw new IggyError(ErrorCode.PartitionNotFound, `${this.directory} closed`);
  }

  #fits(sizeBytes: number): boolean {
    // A batch larger than the bound is admitted alone, otherwise it would wait forever.
    return this.#unwrittenBytes === 0 || this.#unwrittenBytes + sizeBytes <= this.#options.pendingWriteBytesMax;
  }

  #enqueue(messages: Buffer, messagesCount: number): Promise<AppendResult> {
    const segment = this.#segmentFor(messages.length);
    const firstOffset = segment.nextOffset;
    const lastOffset = firstOffset + messagesCount - 1;
    assert.ok(lastOffset <= OFFSET_MAX, 'partition offset space exhausted');
    const now = this.#options.clock();
    // Timestamps never go backwards, even if the wall clock does: reads by timestamp binary
    // search the index, which needs them non-decreasing.
    const timestampMicros = now > this.#lastTimestampMicros ? now : this.#lastTimestampMicros;
    this.#lastTimestampMicros = timestampMicros;
    const entries = segment.entries;
    assert.ok(entries !== null, 'the active segment keeps its index in memory');
    const firstEntry = segment.messagesCount;
    const logPosition = segment.sizeBytes;
    stampMessages(messages, messagesCount, {
      firstOffset,
      segmentStartOffset: segment.startOffset,
      logPosition,
      timestampMicros,
      entries,
    });
    segment.messagesCount += messagesCount;
    segment.sizeBytes += messages.length;
    if (firstEntry === 0) segment.startTimestampMicros = timestampMicros;
    segment.endTimestampMicros = timestampMicros;

    const result: AppendResult = { firstOffset, lastOffset, timestampMicros };
    return new Promise<AppendResult>((resolve, reject) => {
      const batch: PendingBatch = {
        segment,
        logPosition,
        bytes: messages,
        firstEntry,
        indexBytes: entries.bytes(firstEntry, firstEntry + messagesCount),
        result,
        resolve,
        reject,
      };
      segment.unwritten.push(batch);
      this.#queue.push(batch);
      this.#unwrittenBytes += messages.length;
      // Start the write loop in a microtask, so every append made in this same synchronous
      // run (one socket read's worth of requests) joins the first write.
      this.#writing ??= Promise.resolve().then(() => this.#writeLoop());
    });
  }

  /** The active segment, rolled over first if it is full or the batch would pass 4 GiB. */
  #segmentFor(batchBytes: number): Segment {
    const active = this.#active;
    const full = active.sizeBytes >= this.#options.segmentSizeBytes;
    const overflow = active.sizeBytes + batchBytes > SEGMENT_POSITION_MAX;
    if (active.messagesCount === 0 || (!full && !overflow)) return active;
    active.sealed = true;
    this.#releaseSealedIndex(active);
    const next = Segment.createEmpty(this.directory, active.nextOffset);
    this.#segments = [...this.#segments, next];
    return next;
  }

  async #writeLoop(): Promise<void> {
    try {
      while (this.#queue.length > 0) {
        const batches = this.#queue;
        this.#queue = [];
        await this.#writeRound(batches);
        this.#admitWaiting();
      }
    } finally {
      this.#writing = null;
    }
  }

  /** One write round: per segment one writev of log bytes, then one of index entries. */
  async #writeRound(batches: PendingBatch[]): Promise<void> {
    const groups: PendingBatch[][] = [];
    for (const batch of batches) {
      const group = groups[groups.length - 1];
      if (group !== undefined && group[0]!.segment === batch.segment) group.push(batch);
      else groups.push([batch]);
    }
    this.#stats.writeRounds += 1;
    try {
      if (this.#repair !== null) await this.#runRepair();
      for (const group of groups) {
        const segment = group[0]!.segment;
        const created = !segment.isOpen;
        await segment.ensureOpen();
        if (created && this.#options.enforceFsync) await syncDirectory(this.directory);
        await segment.writeLog(group.map((b) => b.bytes), group[0]!.logPosition);
        await segment.writeIndex(group.map((b) => b.indexBytes), group[0]!.firstEntry * INDEX_ENTRY_SIZE);
      }
      if (this.#options.enforceFsync) {
        this.#stats.fsyncRounds += 1;
        await Promise.all(groups.map((group) => group[0]!.segment.datasync()));
      }
    } catch (error) {
      this.#rollBack(error, batches);
      // Cut the files now, so a full disk gets its space back before the next append.
      await this.#runRepair().catch(() => undefined);
      return;
    }
    this.#failing = false;
    for (const group of groups) {
      const segment = group[0]!.segment;
      const last = group[group.length - 1]!;
      segment.writtenSizeBytes = last.logPosition + last.bytes.length;
      assert.equal(segment.unwritten[group.length - 1], last, 'batches are written in append order');
      segment.unwritten.splice(0, group.length);
      if (!this.#options.enforceFsync) segment.dirty = true;
      this.#releaseSealedIndex(segment);
    }
    for (const batch of batches) {
      this.#unwrittenBytes -= batch.bytes.length;
      batch.resolve(batch.result);
    }
  }

  /**
   * A failed write round: nothing of it (nor of anything appended after it) is acknowledged, so
   * none of it may survive. Every batch from the first unwritten one on is rejected and
   * forgotten in memory (offsets, index entries, sizes go back to the last written record, the
   * segments created since are dropped); the files are cut back by #runRepair, now or, if that
   * fails too, before the next write. Later appends are written normally: a full disk fails
   * each send it cannot store, and the partition works again as soon as space is freed.
   */
  #rollBack(error: unknown, inFlight: PendingBatch[]): void {
    const message = error instanceof Error ? error.message : String(error);
    const failure = new IggyError(ErrorCode.CannotSaveMessagesToSegment, `${this.directory}: ${message}`);
    this.#stats.failedWriteRounds += 1;
    this.#rollBacks += 1;
    this.#failing = true;
    this.#lastError = message;
    const rejected = [...inFlight, ...this.#queue];
    this.#queue = [];
    const firstFailed = this.#segments.findIndex((segment) => segment.unwritten.length > 0);
    if (firstFailed >= 0) {
      const segment = this.#segments[firstFailed]!;
      const first = segment.unwritten[0]!;
      const dropped = this.#segments.slice(firstFailed + 1);
      this.#segments = this.#segments.slice(0, firstFailed + 1);
      segment.rollBack(first.firstEntry, first.logPosition);
      // An earlier repair still pending is covered: its segment is this one or an older one,
      // whose cut positions did not change since (nothing was written after the failure).
      const pending = this.#repair;
      this.#repair = pending !== null && pending.segment !== segment && this.#segments.includes(pending.segment)
        ? { segment: pending.segment, dropped: [...pending.dropped.filter((s) => s !== segment), ...dropped] }
        : { segment, dropped: [...(pending?.dropped ?? []), ...dropped] };
    }
    for (const batch of rejected) {
      this.#unwrittenBytes -= batch.bytes.length;
      batch.reject(failure);
    }
  }

  /** Cuts the files of the failed segment back and removes the segments dropped with it. */
  async #runRepair(): Promise<void> {
    const repair = this.#repair;
    if (repair === null) return;
    await repair.segment.truncateFiles();
    if (this.#options.enforceFsync) await repair.segment.datasync();
    for (const segment of repair.dropped) await segment.delete();
    if (this.#repair === repair) this.#repair = null;
  }

  #admitWaiting(): void {
    while (this.#waiting.length > 0 && this.#gates === 0 && this.#fits(this.#waiting[0]!.messages.length)) {
      const append = this.#waiting.shift()!;
      try {
        this.#enqueue(append.messages, append.messagesCount).then(append.resolve, append.reject);
      } catch (error) {
        append.reject(error);
      }
    }
  }

  /** Resolves when nothing is queued or in flight. */
  async #drained(): Promise<void> {
    while (this.#writing !== null) await this.#writing;
  }

  /** Drops a sealed segment's cached entries once all of them are on disk (per cache mode). */
  #releaseSealedIndex(segment: Segment): void {
    if (segment.sealed && segment.unwritten.length === 0 && this.#options.cacheIndexes !== 'all') segment.entries = null;
  }

  async #deleteOldestWhile(segmentsCountMax: number, eligible: (segment: Segment) => boolean, beforeDelete?: BeforeSegmentDelete): Promise<number> {
    this.#assertUsable();
    await this.#drained();
    let deleted = 0;
    while (deleted < segmentsCountMax && this.#segments.length > 1) {
      const oldest = this.#segments[0]!;
      if (!oldest.sealed || oldest.unwritten.length > 0 || !eligible(oldest)) break;
      if (beforeDelete) {
        await beforeDelete({ logPath: oldest.logPath, indexPath: oldest.indexPath, startOffset: oldest.startOffset });
        // A purge or a DeleteSegments command may have removed it while we archived.
        if (this.#segments[0] !== oldest) break;
      }
      this.#segments = this.#segments.slice(1);
      await oldest.delete();
      deleted += 1;
    }
    return deleted;
  }
}

function toReadResult(read: ReadIntoResult, buffer: Buffer | null): ReadResult {
  if (read.count === 0 || buffer === null) return EMPTY_READ;
  return { records: [buffer.subarray(0, read.byteLength)], count: read.count, firstOffset: read.firstOffset, lastOffset: read.lastOffset };
}

/** Index of the last segment starting at or before `offset` (0 if the offset precedes all). */
function segmentIndexFor(segments: readonly Segment[], offset: number): number {
  let low = 0;
  let high = segments.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (segments[middle]!.startOffset <= offset) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Makes a newly created file's directory entry durable (needed for fsync'd appends to count). */
async function syncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
