import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, expectEmptyPayload, readRecordList } from '../../codec-helpers.js';
import { type StreamRecord, writeStreamRecord, readStreamRecord } from '../../models/stream-record.js';

/** GetStreams (201): empty request; stream records (without topics) ordered by id. */
export type GetStreamsRequest = Record<string, never>;
export type GetStreamsResponse = StreamRecord[];

export function encodeGetStreamsRequest(_request: GetStreamsRequest = {}): Buffer {
  return EMPTY_PAYLOAD;
}

export function decodeGetStreamsRequest(payload: Buffer): GetStreamsRequest {
  expectEmptyPayload(payload);
  return {};
}

/** Records back to back, no count prefix; an empty list is an empty payload. */
export function encodeGetStreamsResponse(response: GetStreamsResponse): Buffer {
  const writer = new BufferWriter(64 * (response.length + 1));
  for (const record of response) writeStreamRecord(writer, record);
  return writer.view();
}

export function decodeGetStreamsResponse(payload: Buffer): GetStreamsResponse {
  return readRecordList(payload, readStreamRecord);
}
