import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { type Identifier, readIdentifier, writeIdentifier } from '../../models/identifier.js';
import { readPassword, writePassword } from './user-fields.js';

/** ChangePassword (37): identifier, current password, new password (both 3..=100, else 44). */
export interface ChangePasswordRequest {
  userId: Identifier;
  currentPassword: string;
  newPassword: string;
}

export function encodeChangePasswordRequest(request: ChangePasswordRequest): Buffer {
  const writer = new BufferWriter(64);
  writeIdentifier(writer, request.userId);
  writePassword(writer, request.currentPassword);
  writePassword(writer, request.newPassword);
  return writer.view();
}

export function decodeChangePasswordRequest(payload: Buffer): ChangePasswordRequest {
  ensureMinPayload(payload, 9);
  const reader = new BufferReader(payload);
  return { userId: readIdentifier(reader), currentPassword: readPassword(reader), newPassword: readPassword(reader) };
}
