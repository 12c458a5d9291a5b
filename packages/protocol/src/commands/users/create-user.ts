import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { checkEnum, ensureMinPayload, readEnumU8 } from '../../codec-helpers.js';
import type { Permissions } from '../../models/permissions.js';
import { type UserDetails, readUserDetails, writeUserDetails } from '../../models/user-record.js';
import { USER_STATUSES, type UserStatus } from '../../models/user-status.js';
import { readOptionalPermissions, readPassword, readUsername, writeOptionalPermissions, writePassword, writeUsername } from './user-fields.js';

/** CreateUser (33): username, password, status, optional permissions. */
export interface CreateUserRequest {
  username: string;
  password: string;
  status: UserStatus;
  permissions: Permissions | null;
}

/** Details of the new user. */
export type CreateUserResponse = UserDetails;

export function encodeCreateUserRequest(request: CreateUserRequest): Buffer {
  const writer = new BufferWriter(128);
  writeUsername(writer, request.username);
  writePassword(writer, request.password);
  writer.u8(checkEnum(request.status, USER_STATUSES, 'user status'));
  writeOptionalPermissions(writer, request.permissions);
  return writer.view();
}

/** Minimum 10 bytes; bad status or has_permissions > 1 is 3; trailing bytes (Node SDK) ignored. */
export function decodeCreateUserRequest(payload: Buffer): CreateUserRequest {
  ensureMinPayload(payload, 10);
  const reader = new BufferReader(payload);
  const username = readUsername(reader);
  const password = readPassword(reader);
  const status = readEnumU8(reader, USER_STATUSES, 'user status');
  const permissions = readOptionalPermissions(reader);
  return { username, password, status, permissions };
}

export function encodeCreateUserResponse(response: CreateUserResponse): Buffer {
  const writer = new BufferWriter(128);
  writeUserDetails(writer, response);
  return writer.view();
}

export function decodeCreateUserResponse(payload: Buffer): CreateUserResponse {
  return readUserDetails(new BufferReader(payload));
}
