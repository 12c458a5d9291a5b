import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload, readName, writeName } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { NAME_LENGTH_MAX, PAT_NAME_LENGTH_MAX, PAT_NAME_LENGTH_MIN } from '../../limits.js';

/** CreatePersonalAccessToken (42): str8 name (3..=30, else 50), u64 expiry (µs; 0 and u64::MAX = never). */
export interface CreatePersonalAccessTokenRequest {
  name: string;
  expiry: bigint;
}

/** The raw token as str8; only returned here, the server keeps only its hash. */
export interface CreatePersonalAccessTokenResponse {
  token: string;
}

export function encodeCreatePersonalAccessTokenRequest(request: CreatePersonalAccessTokenRequest): Buffer {
  const writer = new BufferWriter(40);
  writeName(writer, request.name, PAT_NAME_LENGTH_MIN, PAT_NAME_LENGTH_MAX, ErrorCode.InvalidPersonalAccessTokenName);
  writer.u64(request.expiry);
  return writer.view();
}

export function decodeCreatePersonalAccessTokenRequest(payload: Buffer): CreatePersonalAccessTokenRequest {
  ensureMinPayload(payload, 12);
  const reader = new BufferReader(payload);
  const name = readName(reader, PAT_NAME_LENGTH_MIN, PAT_NAME_LENGTH_MAX, ErrorCode.InvalidPersonalAccessTokenName);
  return { name, expiry: reader.u64() };
}

export function encodeCreatePersonalAccessTokenResponse(response: CreatePersonalAccessTokenResponse): Buffer {
  const writer = new BufferWriter(80);
  writeName(writer, response.token, 1, NAME_LENGTH_MAX, ErrorCode.InvalidPersonalAccessToken);
  return writer.view();
}

export function decodeCreatePersonalAccessTokenResponse(payload: Buffer): CreatePersonalAccessTokenResponse {
  return { token: new BufferReader(payload).str8() };
}
