import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload, readRecordList } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { type ConsumerGroupRecord, writeConsumerGroupRecord, readConsumerGroupRecord } from '../../models/consumer-group-record.js';

/** GetConsumerGroups (601): consumer group records of a topic, ordered by id. */
export interface GetConsumerGroupsRequest {
  streamId: Identifier;
  topicId: Identifier;
}

/** Records back to back; empty when there are none or the parent does not exist. */
export type GetConsumerGroupsResponse = ConsumerGroupRecord[];

export function encodeGetConsumerGroupsRequest(request: GetConsumerGroupsRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  return writer.view();
}

/** Minimum payload 6 bytes (§8.1); trailing bytes are ignored. */
export function decodeGetConsumerGroupsRequest(payload: Buffer): GetConsumerGroupsRequest {
  ensureMinPayload(payload, 6);
  const reader = new BufferReader(payload);
  return { streamId: readIdentifier(reader), topicId: readIdentifier(reader) };
}

export function encodeGetConsumerGroupsResponse(response: GetConsumerGroupsResponse): Buffer {
  const writer = new BufferWriter(64 * (response.length + 1));
  for (const record of response) writeConsumerGroupRecord(writer, record);
  return writer.view();
}

export function decodeGetConsumerGroupsResponse(payload: Buffer): GetConsumerGroupsResponse {
  return readRecordList(payload, readConsumerGroupRecord);
}
