import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload, readRecordList } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { type TopicRecord, writeTopicRecord, readTopicRecord } from '../../models/topic-record.js';

/** GetTopics (301): topic records (headers only) of a stream, ordered by id. */
export interface GetTopicsRequest {
  streamId: Identifier;
}

/** Records back to back; empty when there are none or the parent does not exist. */
export type GetTopicsResponse = TopicRecord[];

export function encodeGetTopicsRequest(request: GetTopicsRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.streamId);
  return writer.view();
}

/** Minimum payload 3 bytes (§8.1); trailing bytes are ignored. */
export function decodeGetTopicsRequest(payload: Buffer): GetTopicsRequest {
  ensureMinPayload(payload, 3);
  const reader = new BufferReader(payload);
  return { streamId: readIdentifier(reader) };
}

export function encodeGetTopicsResponse(response: GetTopicsResponse): Buffer {
  const writer = new BufferWriter(64 * (response.length + 1));
  for (const record of response) writeTopicRecord(writer, record);
  return writer.view();
}

export function decodeGetTopicsResponse(payload: Buffer): GetTopicsResponse {
  return readRecordList(payload, readTopicRecord);
}
