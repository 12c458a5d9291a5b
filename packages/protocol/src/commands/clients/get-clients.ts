import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, expectEmptyPayload, readRecordList } from '../../codec-helpers.js';
import { type ClientRecord, writeClientRecord, readClientRecord } from '../../models/client-record.js';

/** GetClients (22): empty request; client records (no consumer-group entries), unordered. */
export type GetClientsRequest = Record<string, never>;
export type GetClientsResponse = ClientRecord[];

export function encodeGetClientsRequest(_request: GetClientsRequest = {}): Buffer {
  return EMPTY_PAYLOAD;
}

export function decodeGetClientsRequest(payload: Buffer): GetClientsRequest {
  expectEmptyPayload(payload);
  return {};
}

/** Records back to back, no count prefix; an empty list is an empty payload. */
export function encodeGetClientsResponse(response: GetClientsResponse): Buffer {
  const writer = new BufferWriter(64 * (response.length + 1));
  for (const record of response) writeClientRecord(writer, record);
  return writer.view();
}

export function decodeGetClientsResponse(payload: Buffer): GetClientsResponse {
  return readRecordList(payload, readClientRecord);
}
