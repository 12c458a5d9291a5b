import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';

/** DeleteUser (34): empty response. */
export interface DeleteUserRequest {
  userId: Identifier;
}

export function encodeDeleteUserRequest(request: DeleteUserRequest): Buffer {
  const writer = new BufferWriter(32);
  writeIdentifier(writer, request.userId);
  return writer.view();
}

/** Minimum payload 3 bytes (§8.1); trailing bytes are ignored. */
export function decodeDeleteUserRequest(payload: Buffer): DeleteUserRequest {
  ensureMinPayload(payload, 3);
  const reader = new BufferReader(payload);
  return { userId: readIdentifier(reader) };
}
