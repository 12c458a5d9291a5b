import type { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';
import { writeName } from '../codec-helpers.js';
import { ErrorCode } from '../errors/error-codes.js';
import { NAME_LENGTH_MAX } from '../limits.js';

/** Consumer group record (§7.8): 13 + N bytes. */
export interface ConsumerGroupRecord {
  id: number;
  partitionsCount: number;
  membersCount: number;
  name: string;
}

/** Consumer group member record: 8 + 4k bytes. `id` is a per-group sequence, not a client id. */
export interface ConsumerGroupMemberRecord {
  id: number;
  partitions: number[];
}

/** GetConsumerGroup response: the group record followed by one member record per member. */
export interface ConsumerGroupDetails extends ConsumerGroupRecord {
  members: ConsumerGroupMemberRecord[];
}

export function writeConsumerGroupRecord(writer: BufferWriter, group: ConsumerGroupRecord): void {
  writer.u32(group.id).u32(group.partitionsCount).u32(group.membersCount);
  writeName(writer, group.name, 1, NAME_LENGTH_MAX, ErrorCode.InvalidConsumerGroupName);
}

export function encodeConsumerGroupRecord(group: ConsumerGroupRecord): Buffer {
  const writer = new BufferWriter(13 + 64);
  writeConsumerGroupRecord(writer, group);
  return writer.view();
}

export function readConsumerGroupRecord(reader: BufferReader): ConsumerGroupRecord {
  return { id: reader.u32(), partitionsCount: reader.u32(), membersCount: reader.u32(), name: reader.str8() };
}

export function writeConsumerGroupMemberRecord(writer: BufferWriter, member: ConsumerGroupMemberRecord): void {
  writer.u32(member.id).u32(member.partitions.length);
  for (const partitionId of member.partitions) writer.u32(partitionId);
}

export function encodeConsumerGroupMemberRecord(member: ConsumerGroupMemberRecord): Buffer {
  const writer = new BufferWriter(8 + 4 * member.partitions.length);
  writeConsumerGroupMemberRecord(writer, member);
  return writer.view();
}

export function readConsumerGroupMemberRecord(reader: BufferReader): ConsumerGroupMemberRecord {
  const id = reader.u32();
  const count = reader.u32();
  // Check the whole array fits before allocating it: a hostile count must not allocate.
  reader.ensure(count * 4);
  const partitions = new Array<number>(count);
  for (let index = 0; index < count; index++) partitions[index] = reader.u32();
  return { id, partitions };
}

export function writeConsumerGroupDetails(writer: BufferWriter, group: ConsumerGroupDetails): void {
  writeConsumerGroupRecord(writer, group);
  for (const member of group.members) writeConsumerGroupMemberRecord(writer, member);
}

export function encodeConsumerGroupDetails(group: ConsumerGroupDetails): Buffer {
  const writer = new BufferWriter(128);
  writeConsumerGroupDetails(writer, group);
  return writer.view();
}

export function readConsumerGroupDetails(reader: BufferReader): ConsumerGroupDetails {
  const group = readConsumerGroupRecord(reader);
  const members: ConsumerGroupMemberRecord[] = [];
  while (reader.remaining > 0) members.push(readConsumerGroupMemberRecord(reader));
  return { ...group, members };
}
