import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload, readName, writeName } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { PAT_TOKEN_LENGTH_MAX } from '../../limits.js';

/** LoginWithPersonalAccessToken (44): str8 token (1..=100, else 53). */
export interface LoginWithPersonalAccessTokenRequest {
  token: string;
}

export interface LoginWithPersonalAccessTokenResponse {
  userId: number;
}

export function encodeLoginWithPersonalAccessTokenRequest(request: LoginWithPersonalAccessTokenRequest): Buffer {
  const writer = new BufferWriter(104);
  writeName(writer, request.token, 1, PAT_TOKEN_LENGTH_MAX, ErrorCode.InvalidPersonalAccessToken);
  return writer.view();
}

/** Minimum payload 4 bytes (§8.1), so tokens under 3 bytes are refused with 3 first. */
export function decodeLoginWithPersonalAccessTokenRequest(payload: Buffer): LoginWithPersonalAccessTokenRequest {
  ensureMinPayload(payload, 4);
  const reader = new BufferReader(payload);
  return { token: readName(reader, 1, PAT_TOKEN_LENGTH_MAX, ErrorCode.InvalidPersonalAccessToken) };
}

export function encodeLoginWithPersonalAccessTokenResponse(response: LoginWithPersonalAccessTokenResponse): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32LE(response.userId, 0);
  return payload;
}

export function decodeLoginWithPersonalAccessTokenResponse(payload: Buffer): LoginWithPersonalAccessTokenResponse {
  return { userId: new BufferReader(payload).u32() };
}
