import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** LeaveConsumerGroup (605): empty response. */
export interface LeaveConsumerGroupRequest {
  streamId: Identifier;
  topicId: Identifier;
  groupId: Identifier;
}

export function encodeLeaveConsumerGroupRequest(request: LeaveConsumerGroupRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  writeIdentifier(writer, request.groupId);
  return writer.view();
}

/** Minimum payload 9 bytes (§8.1); trailing bytes are ignored. */
export function decodeLeaveConsumerGroupRequest(payload: Buffer): LeaveConsumerGroupRequest {
  ensureMinPayload(payload, 9);
  const reader = new BufferReader(payload);
  return { streamId: readIdentifier(reader), topicId: readIdentifier(reader), groupId: readIdentifier(reader) };
}
