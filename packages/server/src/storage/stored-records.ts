import { ErrorCode, IggyError, xxh3_64 } from '@iggy-node/protocol';
import { MESSAGE_HEADER_SIZE } from './storage-limits.js';

/**
 * Checks records read back from a log file before they are served (storage.md §4.1): they
 * must tile the chunk exactly and carry consecutive offsets from `firstOffset` — this catches an
 * index that disagrees with the log — and, with `checksums`, have valid XXH3-64 checksums.
 */
export function verifyStoredRecords(chunk: Buffer, firstOffset: number, logPath: string, checksums: boolean): void {
  let position = 0;
  let offset = firstOffset;
  while (position < chunk.length) {
    if (position + MESSAGE_HEADER_SIZE > chunk.length) {
      throw new IggyError(ErrorCode.CannotReadMessage, `${logPath}: record at offset ${offset} cut short`);
    }
    const size = MESSAGE_HEADER_SIZE + chunk.readUInt32LE(position + 48) + chunk.readUInt32LE(position + 52);
    if (position + size > chunk.length) {
      throw new IggyError(ErrorCode.CannotReadMessage, `${logPath}: record at offset ${offset} cut short`);
    }
    // Two u32 reads, not readBigUInt64LE: no BigInt allocated per record on the poll path.
    const stored = chunk.readUInt32LE(position + 24) + chunk.readUInt32LE(position + 28) * 2 ** 32;
    if (stored !== offset) {
      throw new IggyError(ErrorCode.InvalidOffset, `${logPath}: found offset ${stored}, expected ${offset}`);
    }
    if (checksums && chunk.readBigUInt64LE(position) !== xxh3_64(chunk.subarray(position + 8, position + size))) {
      throw new IggyError(ErrorCode.InvalidMessageChecksum, `${logPath}: offset ${offset}`);
    }
    position += size;
    offset += 1;
  }
}
