import type { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';
import { NO_USER_ID } from '../limits.js';
import type { Transport } from './transport.js';

/** Client record (§7.8): 17 + A bytes. `userId` null is written as 0xFFFFFFFF (not logged in). */
export interface ClientRecord {
  clientId: number;
  userId: number | null;
  transport: Transport;
  /** "ip:port" */
  address: string;
  consumerGroupsCount: number;
}

export interface ClientConsumerGroup {
  streamId: number;
  topicId: number;
  groupId: number;
}

/** GetMe / GetClient response: the record followed by `consumerGroupsCount` 12-byte entries. */
export interface ClientDetails extends ClientRecord {
  consumerGroups: ClientConsumerGroup[];
}

export function writeClientRecord(writer: BufferWriter, client: ClientRecord): void {
  writer.u32(client.clientId).u32(client.userId ?? NO_USER_ID).u8(client.transport);
  writer.str32(client.address);
  writer.u32(client.consumerGroupsCount);
}

export function encodeClientRecord(client: ClientRecord): Buffer {
  const writer = new BufferWriter(64);
  writeClientRecord(writer, client);
  return writer.view();
}

export function readClientRecord(reader: BufferReader): ClientRecord {
  const clientId = reader.u32();
  const userId = reader.u32();
  return {
    clientId,
    userId: userId === NO_USER_ID ? null : userId,
    transport: reader.u8() as Transport,
    address: reader.str32(),
    consumerGroupsCount: reader.u32(),
  };
}

/** The count written is the length of `consumerGroups`, so the two can never disagree. */
export function writeClientDetails(writer: BufferWriter, client: ClientDetails): void {
  writeClientRecord(writer, { ...client, consumerGroupsCount: client.consumerGroups.length });
  for (const group of client.consumerGroups) writer.u32(group.streamId).u32(group.topicId).u32(group.groupId);
}

export function encodeClientDetails(client: ClientDetails): Buffer {
  const writer = new BufferWriter(64 + 12 * client.consumerGroups.length);
  writeClientDetails(writer, client);
  return writer.view();
}

export function readClientDetails(reader: BufferReader): ClientDetails {
  const client = readClientRecord(reader);
  reader.ensure(client.consumerGroupsCount * 12);
  const consumerGroups: ClientConsumerGroup[] = [];
  for (let index = 0; index < client.consumerGroupsCount; index++) {
    consumerGroups.push({ streamId: reader.u32(), topicId: reader.u32(), groupId: reader.u32() });
  }
  return { ...client, consumerGroups };
}
