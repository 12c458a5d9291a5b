import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { checkEnum, ensureMinPayload, readEnumU8, readFlag } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { USER_STATUSES, type UserStatus } from '../../models/user-status.js';
import { readUsername, writeUsername } from './user-fields.js';

/** UpdateUser (35): identifier, optional new username, optional new status. Empty response. */
export interface UpdateUserRequest {
  userId: Identifier;
  username: string | null;
  status: UserStatus | null;
}

export function encodeUpdateUserRequest(request: UpdateUserRequest): Buffer {
  const writer = new BufferWriter(64);
  writeIdentifier(writer, request.userId);
  if (request.username === null || request.username === undefined) writer.u8(0);
  else {
    writer.u8(1);
    writeUsername(writer, request.username);
  }
  if (request.status === null || request.status === undefined) writer.u8(0);
  else writer.u8(1).u8(checkEnum(request.status, USER_STATUSES, 'user status'));
  return writer.view();
}

/** Minimum 5 bytes; flag bytes > 1 and unknown status are 3; a bad username is 43. */
export function decodeUpdateUserRequest(payload: Buffer): UpdateUserRequest {
  ensureMinPayload(payload, 5);
  const reader = new BufferReader(payload);
  const userId = readIdentifier(reader);
  const username = readFlag(reader) ? readUsername(reader) : null;
  const status = readFlag(reader) ? readEnumU8(reader, USER_STATUSES, 'user status') : null;
  return { userId, username, status };
}
