import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload, readName, writeName } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { PAT_NAME_LENGTH_MAX, PAT_NAME_LENGTH_MIN } from '../../limits.js';

/** DeletePersonalAccessToken (43): str8 name (3..=30, else 50). Empty response. */
export interface DeletePersonalAccessTokenRequest {
  name: string;
}

export function encodeDeletePersonalAccessTokenRequest(request: DeletePersonalAccessTokenRequest): Buffer {
  const writer = new BufferWriter(32);
  writeName(writer, request.name, PAT_NAME_LENGTH_MIN, PAT_NAME_LENGTH_MAX, ErrorCode.InvalidPersonalAccessTokenName);
  return writer.view();
}

export function decodeDeletePersonalAccessTokenRequest(payload: Buffer): DeletePersonalAccessTokenRequest {
  ensureMinPayload(payload, 4);
  const reader = new BufferReader(payload);
  return { name: readName(reader, PAT_NAME_LENGTH_MIN, PAT_NAME_LENGTH_MAX, ErrorCode.InvalidPersonalAccessTokenName) };
}
