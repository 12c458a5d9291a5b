import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { type TopicDetails, writeTopicDetails, readTopicDetails } from '../../models/topic-record.js';

/** GetTopic (300): the topic record followed by its partition records. */
export interface GetTopicRequest {
  streamId: Identifier;
  topicId: Identifier;
}

/** null = not found, sent as an empty OK payload (SDKs map it to null/None). */
export type GetTopicResponse = TopicDetails | null;

export function encodeGetTopicRequest(request: GetTopicRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  return writer.view();
}

/** Minimum payload 6 bytes (§8.1); trailing bytes are ignored. */
export function decodeGetTopicRequest(payload: Buffer): GetTopicRequest {
  ensureMinPayload(payload, 6);
  const reader = new BufferReader(payload);
  return { streamId: readIdentifier(reader), topicId: readIdentifier(reader) };
}

export function encodeGetTopicResponse(response: GetTopicResponse): Buffer {
  if (response === null) return EMPTY_PAYLOAD;
  const writer = new BufferWriter(256);
  writeTopicDetails(writer, response);
  return writer.view();
}

export function decodeGetTopicResponse(payload: Buffer): GetTopicResponse {
  if (payload.length === 0) return null;
  return readTopicDetails(new BufferReader(payload));
}
