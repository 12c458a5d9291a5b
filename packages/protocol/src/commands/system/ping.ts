import { EMPTY_PAYLOAD, expectEmptyPayload } from '../../codec-helpers.js';

/** Ping carries no request fields; any payload byte is invalid input (3). */
export type PingRequest = Record<string, never>;

export function encodePingRequest(_request: PingRequest = {}): Buffer {
  return EMPTY_PAYLOAD;
}

export function decodePingRequest(payload: Buffer): PingRequest {
  expectEmptyPayload(payload);
  return {};
}
