import type { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';
import { writeName } from '../codec-helpers.js';
import { ErrorCode } from '../errors/error-codes.js';
import { NAME_LENGTH_MAX } from '../limits.js';
import type { Permissions } from './permissions.js';
import { readPermissions, writePermissions } from './permissions-codec.js';
import type { UserStatus } from './user-status.js';

/** User record (§7.8): 14 + N bytes. */
export interface UserRecord {
  id: number;
  /** µs since epoch. */
  createdAt: bigint;
  status: UserStatus;
  username: string;
}

/** GetUser / CreateUser response: the record plus permissions (null = none). */
export interface UserDetails extends UserRecord {
  permissions: Permissions | null;
}

export function writeUserRecord(writer: BufferWriter, user: UserRecord): void {
  writer.u32(user.id).u64(user.createdAt).u8(user.status);
  writeName(writer, user.username, 1, NAME_LENGTH_MAX, ErrorCode.InvalidUsername);
}

export function encodeUserRecord(user: UserRecord): Buffer {
  const writer = new BufferWriter(14 + 50);
  writeUserRecord(writer, user);
  return writer.view();
}

export function readUserRecord(reader: BufferReader): UserRecord {
  return { id: reader.u32(), createdAt: reader.u64(), status: reader.u8() as UserStatus, username: reader.str8() };
}

/**
 * With permissions: u8 1, u32 blob length, blob. Without: four zero bytes, as the original
 * writes (SDKs read only the first byte).
 */
export function writeUserDetails(writer: BufferWriter, user: UserDetails): void {
  writeUserRecord(writer, user);
  if (user.permissions === null) {
    writer.u32(0);
    return;
  }
  writer.u8(1);
  const lengthAt = writer.length;
  writer.u32(0);
  writePermissions(writer, user.permissions);
  writer.view().writeUInt32LE(writer.length - lengthAt - 4, lengthAt);
}

export function encodeUserDetails(user: UserDetails): Buffer {
  const writer = new BufferWriter(128);
  writeUserDetails(writer, user);
  return writer.view();
}

/** Reads the first byte after the record as the flag; on 0 the rest (zero padding) is skipped. */
export function readUserDetails(reader: BufferReader): UserDetails {
  const user = readUserRecord(reader);
  if (reader.remaining === 0 || reader.u8() !== 1) {
    reader.offset = reader.end;
    return { ...user, permissions: null };
  }
  const length = reader.u32();
  return { ...user, permissions: readPermissions(reader, length) };
}
