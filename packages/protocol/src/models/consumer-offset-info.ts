import type { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';

/** GetConsumerOffset response (§14.6): 20 bytes. */
export interface ConsumerOffsetInfo {
  partitionId: number;
  currentOffset: bigint;
  storedOffset: bigint;
}

export const CONSUMER_OFFSET_INFO_SIZE = 20;

export function writeConsumerOffsetInfo(writer: BufferWriter, info: ConsumerOffsetInfo): void {
  writer.u32(info.partitionId).u64(info.currentOffset).u64(info.storedOffset);
}

export function encodeConsumerOffsetInfo(info: ConsumerOffsetInfo): Buffer {
  const writer = new BufferWriter(CONSUMER_OFFSET_INFO_SIZE);
  writeConsumerOffsetInfo(writer, info);
  return writer.view();
}

export function readConsumerOffsetInfo(reader: BufferReader): ConsumerOffsetInfo {
  return { partitionId: reader.u32(), currentOffset: reader.u64(), storedOffset: reader.u64() };
}
