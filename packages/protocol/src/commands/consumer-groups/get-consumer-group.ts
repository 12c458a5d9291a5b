import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { type ConsumerGroupDetails, writeConsumerGroupDetails, readConsumerGroupDetails } from '../../models/consumer-group-record.js';

/** GetConsumerGroup (600): the group record followed by its member records. */
export interface GetConsumerGroupRequest {
  streamId: Identifier;
  topicId: Identifier;
  groupId: Identifier;
}

/** null = not found, sent as an empty OK payload (SDKs map it to null/None). */
export type GetConsumerGroupResponse = ConsumerGroupDetails | null;

export function encodeGetConsumerGroupRequest(request: GetConsumerGroupRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  writeIdentifier(writer, request.groupId);
  return writer.view();
}

/** Minimum payload 9 bytes (§8.1); trailing bytes are ignored. */
export function decodeGetConsumerGroupRequest(payload: Buffer): GetConsumerGroupRequest {
  ensureMinPayload(payload, 9);
  const reader = new BufferReader(payload);
  return { streamId: readIdentifier(reader), topicId: readIdentifier(reader), groupId: readIdentifier(reader) };
}

export function encodeGetConsumerGroupResponse(response: GetConsumerGroupResponse): Buffer {
  if (response === null) return EMPTY_PAYLOAD;
  const writer = new BufferWriter(256);
  writeConsumerGroupDetails(writer, response);
  return writer.view();
}

export function decodeGetConsumerGroupResponse(payload: Buffer): GetConsumerGroupResponse {
  if (payload.length === 0) return null;
  return readConsumerGroupDetails(new BufferReader(payload));
}
