import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, expectEmptyPayload, readRecordList } from '../../codec-helpers.js';
import { type PersonalAccessTokenRecord, writePersonalAccessTokenRecord, readPersonalAccessTokenRecord } from '../../models/personal-access-token-record.js';

/** GetPersonalAccessTokens (41): empty request; PAT records of the calling user. */
export type GetPersonalAccessTokensRequest = Record<string, never>;
export type GetPersonalAccessTokensResponse = PersonalAccessTokenRecord[];

export function encodeGetPersonalAccessTokensRequest(_request: GetPersonalAccessTokensRequest = {}): Buffer {
  return EMPTY_PAYLOAD;
}

export function decodeGetPersonalAccessTokensRequest(payload: Buffer): GetPersonalAccessTokensRequest {
  expectEmptyPayload(payload);
  return {};
}

/** Records back to back, no count prefix; an empty list is an empty payload. */
export function encodeGetPersonalAccessTokensResponse(response: GetPersonalAccessTokensResponse): Buffer {
  const writer = new BufferWriter(64 * (response.length + 1));
  for (const record of response) writePersonalAccessTokenRecord(writer, record);
  return writer.view();
}

export function decodeGetPersonalAccessTokensResponse(payload: Buffer): GetPersonalAccessTokensResponse {
  return readRecordList(payload, readPersonalAccessTokenRecord);
}
