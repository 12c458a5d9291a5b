import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** DeleteTopic (303): empty response. The Node SDK appends a u32 that is ignored. */
export interface DeleteTopicRequest {
  streamId: Identifier;
  topicId: Identifier;
}

export function encodeDeleteTopicRequest(request: DeleteTopicRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  return writer.view();
}

/** Minimum payload 10 bytes (§8.1); trailing bytes are ignored. */
export function decodeDeleteTopicRequest(payload: Buffer): DeleteTopicRequest {
  ensureMinPayload(payload, 10);
  const reader = new BufferReader(payload);
  return { streamId: readIdentifier(reader), topicId: readIdentifier(reader) };
}
