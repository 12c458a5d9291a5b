import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload, readName, writeName } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { NAME_LENGTH_MAX } from '../../limits.js';
import { type ConsumerGroupRecord, readConsumerGroupRecord, writeConsumerGroupRecord } from '../../models/consumer-group-record.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** CreateConsumerGroup (602): stream, topic, str8 name (1..=255, else 5005). */
export interface CreateConsumerGroupRequest {
  streamId: Identifier;
  topicId: Identifier;
  name: string;
}

/** The new group's record. */
export type CreateConsumerGroupResponse = ConsumerGroupRecord;

export function encodeCreateConsumerGroupRequest(request: CreateConsumerGroupRequest): Buffer {
  const writer = new BufferWriter(64);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  writeName(writer, request.name, 1, NAME_LENGTH_MAX, ErrorCode.InvalidConsumerGroupName);
  return writer.view();
}

export function decodeCreateConsumerGroupRequest(payload: Buffer): CreateConsumerGroupRequest {
  ensureMinPayload(payload, 6);
  const reader = new BufferReader(payload);
  const streamId = readIdentifier(reader);
  const topicId = readIdentifier(reader);
  return { streamId, topicId, name: readName(reader, 1, NAME_LENGTH_MAX, ErrorCode.InvalidConsumerGroupName) };
}

export function encodeCreateConsumerGroupResponse(response: CreateConsumerGroupResponse): Buffer {
  const writer = new BufferWriter(64);
  writeConsumerGroupRecord(writer, response);
  return writer.view();
}

export function decodeCreateConsumerGroupResponse(payload: Buffer): CreateConsumerGroupResponse {
  return readConsumerGroupRecord(new BufferReader(payload));
}
