import type { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';

/** Partition record (§7.8): 40 bytes. */
export interface PartitionRecord {
  id: number;
  /** µs since epoch. */
  createdAt: bigint;
  segmentsCount: number;
  /** Last assigned offset; 0 when empty. */
  currentOffset: bigint;
  sizeBytes: bigint;
  messagesCount: bigint;
}

export const PARTITION_RECORD_SIZE = 40;

export function writePartitionRecord(writer: BufferWriter, partition: PartitionRecord): void {
  writer
    .u32(partition.id)
    .u64(partition.createdAt)
    .u32(partition.segmentsCount)
    .u64(partition.currentOffset)
    .u64(partition.sizeBytes)
    .u64(partition.messagesCount);
}

export function encodePartitionRecord(partition: PartitionRecord): Buffer {
  const writer = new BufferWriter(PARTITION_RECORD_SIZE);
  writePartitionRecord(writer, partition);
  return writer.view();
}

export function readPartitionRecord(reader: BufferReader): PartitionRecord {
  return {
    id: reader.u32(),
    createdAt: reader.u64(),
    segmentsCount: reader.u32(),
    currentOffset: reader.u64(),
    sizeBytes: reader.u64(),
    messagesCount: reader.u64(),
  };
}
