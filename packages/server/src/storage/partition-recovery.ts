import { constants as fsConstants } from 'node:fs';
import { mkdir, open, readdir, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { writevFully } from './file-io.js';
import { LogRecordReader } from './log-record-reader.js';
import { Segment } from './segment.js';
import { SegmentIndex } from './segment-index.js';
import { parseSegmentLogName, segmentIndexPath, segmentLogPath } from './segment-files.js';
import { StorageCorruptionError } from './storage-corruption-error.js';
import { INDEX_ENTRY_SIZE, MESSAGE_HEADER_SIZE } from './storage-limits.js';

export type CacheIndexesMode = 'all' | 'open_segment' | 'none';

export interface PartitionRecoveryOptions {
  readonly directory: string;
  readonly cacheIndexes: CacheIndexesMode;
  /** Walk and checksum every record of every segment, not only the tails. */
  readonly validateChecksum: boolean;
}

/**
 * Loads a partition directory at open and repairs what a crash can leave behind, so that the
 * partition never reissues an offset and never serves bytes it cannot parse.
 *
 * Policy (Iggy 0.7 repairs nothing; storage.md §7.3-7.4 lists what goes wrong):
 * - segments are the `.log` files, ordered by the start offset in their names;
 * - the index is checked structurally in full (dense relative offsets, end positions growing by
 *   at least one header, inside the log); a suffix of entries that point past the log or are
 *   all zero, and a partial last entry, are a torn tail and are cut off;
 * - the log is walked record by record from the last indexed record (from the start when the
 *   index is missing or validateChecksum is set); every walked record must be complete, have a
 *   valid checksum and the expected offset, and must match its index entry if it has one;
 *   valid records past the index are indexed (the index is extended);
 * - the first failing record is a torn tail (log truncated there) unless a valid record follows
 *   it, which means damage in the middle: open fails with a StorageCorruptionError naming the
 *   file, because cutting there would drop good data and renumbering would reuse offsets;
 * - segments whose offset ranges overlap are rejected; gaps (a lost tail of a sealed segment)
 *   are allowed because offsets are never reused.
 * Without validateChecksum the interior of a segment is trusted as indexed; reads from disk
 * still check offsets and lengths of what they return.
 */
export async function recoverPartition(options: PartitionRecoveryOptions): Promise<Segment[]> {
  const { directory } = options;
  await mkdir(join(directory, 'offsets', 'consumers'), { recursive: true });
  await mkdir(join(directory, 'offsets', 'groups'), { recursive: true });

  const startOffsets = (await readdir(directory))
    .map(parseSegmentLogName)
    .filter((offset): offset is number => offset !== undefined)
    .sort((a, b) => a - b);

  const segments: Segment[] = [];
  try {
    for (let i = 0; i < startOffsets.length; i += 1) {
      const isNewest = i === startOffsets.length - 1;
      const keepEntries = isNewest || options.cacheIndexes === 'all';
      segments.push(await recoverSegment(directory, startOffsets[i]!, keepEntries, options.validateChecksum));
    }
    for (let i = 1; i < segments.length; i += 1) {
      const previous = segments[i - 1]!;
      const current = segments[i]!;
      if (previous.nextOffset > current.startOffset) {
        throw new StorageCorruptionError(
          current.logPath,
          `starts at offset ${current.startOffset} but the previous segment already holds offsets up to ${previous.lastOffset}`,
        );
      }
    }
  } catch (error) {
    await Promise.allSettled(segments.map((segment) => segment.close()));
    throw error;
  }

  if (segments.length > 0) segments[segments.length - 1]!.sealed = false;
  if (segments.length === 0) {
    const first = Segment.createEmpty(directory, 0);
    await first.ensureOpen();
    segments.push(first);
  }
  return segments;
}

async function recoverSegment(
  directory: string,
  startOffset: number,
  keepEntries: boolean,
  validateChecksum: boolean,
): Promise<Segment> {
  const logPath = segmentLogPath(directory, startOffset);
  const indexPath = segmentIndexPath(directory, startOffset);
  const log = await open(logPath, fsConstants.O_RDWR);
  let index: FileHandle | undefined;
  try {
    let logSizeBytes = (await log.stat()).size;
    index = await open(indexPath, fsConstants.O_RDWR | fsConstants.O_CREAT, 0o644);
    const indexBytes = await index.readFile();
    const wholeEntriesCount = Math.floor(indexBytes.length / INDEX_ENTRY_SIZE);
    const validCount = validIndexPrefix(indexBytes, wholeEntriesCount, logSizeBytes, indexPath);
    const entries = SegmentIndex.fromBytes(indexBytes.subarray(0, validCount * INDEX_ENTRY_SIZE));
    // Entries from here on differ from the file and are rewritten at the end.
    let rewriteFrom = validCount;

    const reader = new LogRecordReader(log, logSizeBytes);
    let entry = validateChecksum ? 0 : Math.max(validCount - 1, 0);
    let position = entry < entries.endIndex ? entries.startPosition(entry) : 0;
    while (position < logSizeBytes) {
      const check = await reader.check(position);
      const expectedOffset = startOffset + entry;
      let problem: string | null = null;
      if (check.kind === 'incomplete') problem = 'incomplete record';
      else if (check.kind === 'invalid') problem = check.problem;
      else if (check.offset !== expectedOffset) problem = `offset ${check.offset}, expected ${expectedOffset}`;

      if (problem === null && check.kind === 'valid' && entry < entries.endIndex) {
        const recordEnd = position + check.sizeBytes;
        if (entries.endPosition(entry) !== recordEnd) {
          // The log is fine here but the index disagrees. At the last entry that is a torn
          // index tail (rebuilt from the log below); earlier it is a damaged index.
          if (entry !== entries.endIndex - 1) {
            throw new StorageCorruptionError(
              indexPath,
              `entry ${entry} ends at ${entries.endPosition(entry)} but the record at ${position} ends at ${recordEnd}`,
            );
          }
          entries.truncate(entry);
          rewriteFrom = Math.min(rewriteFrom, entry);
        }
      }

      if (problem !== null || check.kind !== 'valid') {
        // Damage in the middle if a valid record follows; a torn tail otherwise.
        // Candidates for the next record: after this one by its own (possibly damaged)
        // lengths, and where the index says this one ends.
        const candidates = new Set<number>();
        if (check.kind !== 'incomplete') candidates.add(position + check.sizeBytes);
        if (entry < entries.endIndex) candidates.add(entries.endPosition(entry));
        for (const next of candidates) {
          if (next < logSizeBytes && (await reader.check(next)).kind === 'valid') {
            throw new StorageCorruptionError(logPath, `bad record at position ${position} (${problem}) followed by valid records`);
          }
        }
        await log.truncate(position);
        logSizeBytes = position;
        if (entry < entries.endIndex) {
          entries.truncate(entry);
          rewriteFrom = Math.min(rewriteFrom, entry);
        }
        break;
      }

      if (entry >= entries.endIndex) {
        entries.append(entry, position + check.sizeBytes, check.timestampLow, check.timestampHigh);
      }
      position += check.sizeBytes;
      entry += 1;
    }

    const repairedIndex = rewriteFrom < entries.count || indexBytes.length !== entries.count * INDEX_ENTRY_SIZE;
    if (repairedIndex) {
      await writevFully(index, [entries.bytes(rewriteFrom)], rewriteFrom * INDEX_ENTRY_SIZE);
      await index.truncate(entries.count * INDEX_ENTRY_SIZE);
    }
    if (repairedIndex || logSizeBytes !== position) {
      // Make the repair durable before anything new is appended behind it.
      await Promise.all([log.datasync(), index.datasync()]);
    }

    const segment = Segment.fromState(directory, startOffset, { log, index, entries, sizeBytes: logSizeBytes });
    if (!keepEntries) segment.entries = null;
    // Every loaded segment but the newest is sealed; the caller unseals the newest.
    segment.sealed = true;
    return segment;
  } catch (error) {
    await Promise.allSettled([log.close(), index?.close()]);
    throw error;
  }
}

/**
 * Number of leading index entries that are structurally sound. A bad suffix is accepted as a
 * torn tail only if each of its entries is all zeros (space allocated, data never written) or a
 * plausible entry pointing past the end of the log (index written, log bytes lost).
 */
function validIndexPrefix(bytes: Buffer, count: number, logSizeBytes: number, indexPath: string): number {
  let previousEnd = 0;
  for (let entry = 0; entry < count; entry += 1) {
    const at = entry * INDEX_ENTRY_SIZE;
    const relativeOffset = bytes.readUInt32LE(at);
    const endPosition = bytes.readUInt32LE(at + 4);
    if (relativeOffset === entry && endPosition - previousEnd >= MESSAGE_HEADER_SIZE && endPosition <= logSizeBytes) {
      previousEnd = endPosition;
      continue;
    }
    if (isTornIndexTail(bytes, entry, count, previousEnd, logSizeBytes)) return entry;
    throw new StorageCorruptionError(
      indexPath,
      `entry ${entry} (relative offset ${relativeOffset}, end position ${endPosition}) is inconsistent and followed by other entries`,
    );
  }
  return count;
}

function isTornIndexTail(bytes: Buffer, from: number, count: number, previousEnd: number, logSizeBytes: number): boolean {
  let end = previousEnd;
  for (let entry = from; entry < count; entry += 1) {
    const at = entry * INDEX_ENTRY_SIZE;
    const allZero = bytes.readBigUInt64LE(at) === 0n && bytes.readBigUInt64LE(at + 8) === 0n;
    if (allZero) continue;
    const endPosition = bytes.readUInt32LE(at + 4);
    const plausible = bytes.readUInt32LE(at) === entry && endPosition - end >= MESSAGE_HEADER_SIZE;
    if (!plausible || endPosition <= logSizeBytes) return false;
    end = endPosition;
  }
  return true;
}
