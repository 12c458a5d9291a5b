import type { BufferReader } from '../../buffer-reader.js';
import type { BufferWriter } from '../../buffer-writer.js';
import { readName, writeName } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { IggyError } from '../../errors/iggy-error.js';
import { PASSWORD_LENGTH_MAX, PASSWORD_LENGTH_MIN, USERNAME_LENGTH_MAX, USERNAME_LENGTH_MIN } from '../../limits.js';
import type { Permissions } from '../../models/permissions.js';
import { readPermissions, writePermissions } from '../../models/permissions-codec.js';

// Fields shared by the user commands: username (43), password (44), optional permissions.

export function writeUsername(writer: BufferWriter, username: string): void {
  writeName(writer, username, USERNAME_LENGTH_MIN, USERNAME_LENGTH_MAX, ErrorCode.InvalidUsername);
}

export function readUsername(reader: BufferReader): string {
  return readName(reader, USERNAME_LENGTH_MIN, USERNAME_LENGTH_MAX, ErrorCode.InvalidUsername);
}

export function writePassword(writer: BufferWriter, password: string): void {
  writeName(writer, password, PASSWORD_LENGTH_MIN, PASSWORD_LENGTH_MAX, ErrorCode.InvalidPassword);
}

export function readPassword(reader: BufferReader): string {
  return readName(reader, PASSWORD_LENGTH_MIN, PASSWORD_LENGTH_MAX, ErrorCode.InvalidPassword);
}

/** u8 has_permissions, then (if 1) u32 blob length + blob. */
export function writeOptionalPermissions(writer: BufferWriter, permissions: Permissions | null | undefined): void {
  if (permissions === null || permissions === undefined) {
    writer.u8(0);
    return;
  }
  writer.u8(1);
  const lengthAt = writer.length;
  writer.u32(0);
  writePermissions(writer, permissions);
  writer.view().writeUInt32LE(writer.length - lengthAt - 4, lengthAt);
}

/** Flag > 1 or a blob length running past the payload is 3. */
export function readOptionalPermissions(reader: BufferReader): Permissions | null {
  const flag = reader.u8();
  if (flag > 1) throw new IggyError(ErrorCode.InvalidCommand, `has_permissions ${flag}`);
  if (flag === 0) return null;
  const length = reader.u32();
  return readPermissions(reader, length);
}
