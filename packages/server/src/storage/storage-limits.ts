// Bounds and fixed sizes of the partition storage engine, each with the reason it exists.
// Wire/disk record sizes come from the protocol package so the codec and storage agree.
import assert from 'node:assert/strict';
import { INDEX_ENTRY_SIZE, MESSAGE_HEADER_SIZE, REQUEST_FRAME_SIZE_MAX_DEFAULT } from '@iggy-node/protocol';

export { INDEX_ENTRY_SIZE, MESSAGE_HEADER_SIZE };

/** Segment file base names are the start offset left-padded to 20 digits (u64::MAX has 20). */
export const SEGMENT_NAME_DIGITS = 20;
export const LOG_EXTENSION = '.log';
export const INDEX_EXTENSION = '.index';

/** Index positions are u32 end positions, so no byte of a segment may sit at or past 4 GiB. */
export const SEGMENT_POSITION_MAX = 0xffff_ffff;

/** Iggy's config validation caps `system.segment.size` at 1 GiB. */
export const SEGMENT_SIZE_BYTES_MAX = 1024 * 1024 * 1024;

/**
 * Bytes accepted by append() but not yet handed to the kernel (queued plus in flight). Past it,
 * append waits for the running write instead of queuing more, so a producer faster than the
 * disk cannot grow the queue without bound. 64 MiB holds many default-sized batches (the
 * default flush threshold is 1 MiB) while staying small next to the heap.
 */
export const PENDING_WRITE_BYTES_MAX = 64 * 1024 * 1024;

/** Linux IOV_MAX: writev takes at most 1024 buffers per call (Iggy chunks the same way). */
export const WRITEV_BUFFERS_MAX = 1024;

/**
 * Recovery reads a log in chunks of this size when walking it record by record, so one
 * segment walk costs a handful of large reads, not one read per record.
 */
export const RECOVERY_READ_CHUNK_BYTES = 4 * 1024 * 1024;

/** Stored consumer offsets are exactly one u64. */
export const CONSUMER_OFFSET_FILE_SIZE_BYTES = 8;

/**
 * Offsets are JS numbers in memory; past 2^53 they would silently lose precision. At a million
 * messages per second that is 285 years of one partition, so we assert instead of using bigint.
 */
export const OFFSET_MAX = Number.MAX_SAFE_INTEGER;

// A segment may overshoot its configured size by one batch (a batch never splits); the largest
// batch is bounded by the request frame, so even the largest segment plus one frame must still
// be addressable by u32 index positions.
assert.ok(SEGMENT_SIZE_BYTES_MAX + REQUEST_FRAME_SIZE_MAX_DEFAULT <= SEGMENT_POSITION_MAX);
// One pending batch of the largest frame must be admissible (the queue admits a batch larger
// than the bound only when nothing else is pending, but the common case should fit).
assert.ok(PENDING_WRITE_BYTES_MAX >= 16 * 1024 * 1024);
// A recovery chunk must hold at least one header so the walker can always read one.
assert.ok(RECOVERY_READ_CHUNK_BYTES >= MESSAGE_HEADER_SIZE);

/**
 * Message ids one partition's deduplicator remembers at most (about 100 B each), whatever
 * `message_deduplication.max_entries` says: Iggy's 0 ("no limit") must not grow memory forever.
 */
export const DEDUPLICATION_ENTRIES_MAX = 1_000_000;
