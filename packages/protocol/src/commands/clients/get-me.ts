import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, expectEmptyPayload } from '../../codec-helpers.js';
import { type ClientDetails, writeClientDetails, readClientDetails } from '../../models/client-record.js';

/** GetMe (20): empty request; client details of the calling connection. */
export type GetMeRequest = Record<string, never>;
export type GetMeResponse = ClientDetails;

export function encodeGetMeRequest(_request: GetMeRequest = {}): Buffer {
  return EMPTY_PAYLOAD;
}

export function decodeGetMeRequest(payload: Buffer): GetMeRequest {
  expectEmptyPayload(payload);
  return {};
}

export function encodeGetMeResponse(response: GetMeResponse): Buffer {
  const writer = new BufferWriter(256);
  writeClientDetails(writer, response);
  return writer.view();
}

export function decodeGetMeResponse(payload: Buffer): GetMeResponse {
  return readClientDetails(new BufferReader(payload));
}
