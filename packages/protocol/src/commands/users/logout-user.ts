import { EMPTY_PAYLOAD, expectEmptyPayload } from '../../codec-helpers.js';

/** LogoutUser carries no request fields; any payload byte is invalid input (3). */
export type LogoutUserRequest = Record<string, never>;

export function encodeLogoutUserRequest(_request: LogoutUserRequest = {}): Buffer {
  return EMPTY_PAYLOAD;
}

export function decodeLogoutUserRequest(payload: Buffer): LogoutUserRequest {
  expectEmptyPayload(payload);
  return {};
}
