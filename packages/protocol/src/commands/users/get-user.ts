import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { EMPTY_PAYLOAD, ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { type UserDetails, writeUserDetails, readUserDetails } from '../../models/user-record.js';

/** GetUser (31): user details (with permissions); by numeric id or username. */
export interface GetUserRequest {
  userId: Identifier;
}

/** null = not found, sent as an empty OK payload (SDKs map it to null/None). */
export type GetUserResponse = UserDetails | null;

export function encodeGetUserRequest(request: GetUserRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.userId);
  return writer.view();
}

/** Minimum payload 3 bytes (§8.1); trailing bytes are ignored. */
export function decodeGetUserRequest(payload: Buffer): GetUserRequest {
  ensureMinPayload(payload, 3);
  const reader = new BufferReader(payload);
  return { userId: readIdentifier(reader) };
}

export function encodeGetUserResponse(response: GetUserResponse): Buffer {
  if (response === null) return EMPTY_PAYLOAD;
  const writer = new BufferWriter(256);
  writeUserDetails(writer, response);
  return writer.view();
}

export function decodeGetUserResponse(payload: Buffer): GetUserResponse {
  if (payload.length === 0) return null;
  return readUserDetails(new BufferReader(payload));
}
