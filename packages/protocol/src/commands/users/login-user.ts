import { BufferReader } from '../../buffer-reader.js';
import { BufferWriter } from '../../buffer-writer.js';
import { ensureMinPayload } from '../../codec-helpers.js';
import { ErrorCode } from '../../errors/error-codes.js';
import { IggyError } from '../../errors/iggy-error.js';
import { readPassword, readUsername, writePassword, writeUsername } from './user-fields.js';

/**
 * LoginUser (38): username, password, then an optional tail of u32-length version and context
 * strings (§6.2). Old SDKs omit the tail; length 0 means "none". The server ignores both.
 */
export interface LoginUserRequest {
  username: string;
  password: string;
  version?: string | null;
  context?: string | null;
}

export interface LoginUserResponse {
  userId: number;
}

/** Writes the tail always, as the Rust SDK does (empty strings as length 0). */
export function encodeLoginUserRequest(request: LoginUserRequest): Buffer {
  const writer = new BufferWriter(64);
  writeUsername(writer, request.username);
  writePassword(writer, request.password);
  writer.str32(request.version ?? '');
  writer.str32(request.context ?? '');
  return writer.view();
}

/** 0 bytes left: absent; 1..3 bytes left: 3; otherwise u32 length + bytes (0 = none). */
function readOptionalTailString(reader: BufferReader): string | null {
  if (reader.remaining === 0) return null;
  if (reader.remaining < 4) throw new IggyError(ErrorCode.InvalidCommand, `${reader.remaining} stray bytes in login tail`);
  const length = reader.u32();
  if (length === 0) return null;
  return reader.utf8(length);
}

export function decodeLoginUserRequest(payload: Buffer): LoginUserRequest {
  ensureMinPayload(payload, 4);
  const reader = new BufferReader(payload);
  const username = readUsername(reader);
  const password = readPassword(reader);
  const version = readOptionalTailString(reader);
  const context = readOptionalTailString(reader);
  return { username, password, version, context };
}

export function encodeLoginUserResponse(response: LoginUserResponse): Buffer {
  const payload = Buffer.allocUnsafe(4);
  payload.writeUInt32LE(response.userId, 0);
  return payload;
}

export function decodeLoginUserResponse(payload: Buffer): LoginUserResponse {
  return { userId: new BufferReader(payload).u32() };
}
