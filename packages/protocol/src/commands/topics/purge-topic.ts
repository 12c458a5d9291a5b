import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** PurgeTopic (305): empty response. */
export interface PurgeTopicRequest {
  streamId: Identifier;
  topicId: Identifier;
}

export function encodePurgeTopicRequest(request: PurgeTopicRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  writeIdentifier(writer, request.topicId);
  return writer.view();
}

/** Minimum payload 10 bytes (§8.1); trailing bytes are ignored. */
export function decodePurgeTopicRequest(payload: Buffer): PurgeTopicRequest {
  ensureMinPayload(payload, 10);
  const reader = new BufferReader(payload);
  return { streamId: readIdentifier(reader), topicId: readIdentifier(reader) };
}
