import type { BufferReader } from '../buffer-reader.js';
import type { BufferWriter } from '../buffer-writer.js';
import { checkU32 } from '../codec-helpers.js';

/** Optional partition id (§7.3): u8 flag (1 = present) + u32 id (0 when absent). 5 bytes. */
export const OPTIONAL_PARTITION_ID_SIZE = 5;

export function writeOptionalPartitionId(writer: BufferWriter, partitionId: number | null | undefined): void {
  if (partitionId === null || partitionId === undefined) writer.u8(0).u32(0);
  else writer.u8(1).u32(checkU32(partitionId, 'partition id'));
}

/** Any flag other than 1 means absent, as in the original. */
export function readOptionalPartitionId(reader: BufferReader): number | null {
  const flag = reader.u8();
  const partitionId = reader.u32();
  return flag === 1 ? partitionId : null;
}
