import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { batchChecksumStagesCopy, stampBatchChecksums } from '@iggy-node/protocol';
import { countDataPathCopy } from '../memory/data-path-copies.js';
import { stampChecksumsInPlace } from '../memory/in-place-checksums.js';
import type { SegmentIndex } from './segment-index.js';
import { MESSAGE_HEADER_SIZE } from './storage-limits.js';

const TWO_POW_32 = 0x1_0000_0000;

/** Where a batch goes: its first offset, the segment it lands in and the position there. */
export interface StampTarget {
  readonly firstOffset: number;
  readonly segmentStartOffset: number;
  readonly logPosition: number;
  readonly timestampMicros: bigint;
  readonly entries: SegmentIndex;
}

/**
 * Walks the records of a SendMessages messages section and checks that exactly
 * `messagesCount` records tile it. The section was validated by the request decoder; this is
 * the paired check before anything is written, so a decoder bug cannot corrupt a segment.
 */
export function checkMessagesSection(messages: Buffer, messagesCount: number): void {
  assert.ok(messagesCount > 0, 'a batch holds at least one message');
  let position = 0;
  for (let i = 0; i < messagesCount; i += 1) {
    assert.ok(position + MESSAGE_HEADER_SIZE <= messages.length, `message ${i} header outside the batch`);
    position += MESSAGE_HEADER_SIZE + messages.readUInt32LE(position + 48) + messages.readUInt32LE(position + 52);
    assert.ok(position <= messages.length, `message ${i} outside the batch`);
  }
  assert.equal(position, messages.length, 'messages section longer than its messages');
}

/**
 * Rewrites, in place, the fields the server owns (server-semantics §2.3): offset, timestamp,
 * id when zero, reserved, then the checksum; and appends one index entry per record to
 * `target.entries`. Ids are drawn for the whole batch with one randomFillSync call.
 */
export function stampMessages(messages: Buffer, messagesCount: number, target: StampTarget): void {
  const timestampLow = Number(target.timestampMicros & 0xffff_ffffn);
  const timestampHigh = Number(target.timestampMicros >> 32n);
  const zeroIdPositions: number[] = [];
  let position = 0;
  let offset = target.firstOffset;
  for (let i = 0; i < messagesCount; i += 1) {
    const size = MESSAGE_HEADER_SIZE + messages.readUInt32LE(position + 48) + messages.readUInt32LE(position + 52);
    if (
      messages.readUInt32LE(position + 8) === 0 &&
      messages.readUInt32LE(position + 12) === 0 &&
      messages.readUInt32LE(position + 16) === 0 &&
      messages.readUInt32LE(position + 20) === 0
    ) {
      zeroIdPositions.push(position);
    }
    const offsetHigh = Math.floor(offset / TWO_POW_32);
    messages.writeUInt32LE(offset - offsetHigh * TWO_POW_32, position + 24);
    messages.writeUInt32LE(offsetHigh, position + 28);
    messages.writeUInt32LE(timestampLow, position + 32);
    messages.writeUInt32LE(timestampHigh, position + 36);
    // Two u32 writes: Buffer.fill for 8 bytes costs ~10x more per call on Node 20.
    messages.writeUInt32LE(0, position + 56);
    messages.writeUInt32LE(0, position + 60);
    position += size;
    target.entries.append(offset - target.segmentStartOffset, target.logPosition + position, timestampLow, timestampHigh);
    offset += 1;
  }
  if (zeroIdPositions.length > 0) assignRandomIds(messages, zeroIdPositions);
  // Checksums last: they cover the id, offset and timestamp just written. One call per batch:
  // in place where the batch sits in the pool and the pool is the kernel's memory; else our
  // XXH3 kernel on a copy in its own wasm memory (napi per record where wasm is unavailable).
  if (stampChecksumsInPlace(messages, messagesCount)) return;
  stampBatchChecksums(messages, 0, messagesCount, messages.length);
  if (batchChecksumStagesCopy()) countDataPathCopy('checksum_staging', messages.length);
}

/**
 * UUID v4 per message, stored as Iggy does: the UUID as a big-endian u128 written little-endian,
 * so UUID byte b lands at id byte 15 - b. Version nibble (UUID byte 6) is id byte 9, variant
 * bits (UUID byte 8) are id byte 7.
 */
function assignRandomIds(messages: Buffer, positions: readonly number[]): void {
  const random = randomFillSync(Buffer.allocUnsafe(positions.length * 16));
  for (let i = 0; i < positions.length; i += 1) {
    const idStart = positions[i]! + 8;
    // 16 element stores, not Buffer.copy: for 16 bytes the call costs more than the copy (the
    // copy was 6.7 % of the owner shard's produce profile, RESULTS.md §9).
    for (let b = 0, from = i * 16; b < 16; b += 1) messages[idStart + b] = random[from + b]!;
    messages[idStart + 9] = (messages[idStart + 9]! & 0x0f) | 0x40;
    messages[idStart + 7] = (messages[idStart + 7]! & 0x3f) | 0x80;
  }
}
