import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, expectEmptyPayload, readRecordList } from '../../codec-helpers.js';
import { type UserRecord, writeUserRecord, readUserRecord } from '../../models/user-record.js';

/** GetUsers (32): empty request; user records (no permissions) ordered by id. */
export type GetUsersRequest = Record<string, never>;
export type GetUsersResponse = UserRecord[];

export function encodeGetUsersRequest(_request: GetUsersRequest = {}): Buffer {
  return EMPTY_PAYLOAD;
}

export function decodeGetUsersRequest(payload: Buffer): GetUsersRequest {
  expectEmptyPayload(payload);
  return {};
}

/** Records back to back, no count prefix; an empty list is an empty payload. */
export function encodeGetUsersResponse(response: GetUsersResponse): Buffer {
  const writer = new BufferWriter(64 * (response.length + 1));
  for (const record of response) writeUserRecord(writer, record);
  return writer.view();
}

export function decodeGetUsersResponse(payload: Buffer): GetUsersResponse {
  return readRecordList(payload, readUserRecord);
}
