import type { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';
import { writeName } from '../codec-helpers.js';
import { ErrorCode } from '../errors/error-codes.js';
import { NAME_LENGTH_MAX } from '../limits.js';

/** PAT record (§7.8): u8 name length, name, u64 expiry_at (µs since epoch; 0 = never). */
export interface PersonalAccessTokenRecord {
  name: string;
  expiryAt: bigint;
}

export function writePersonalAccessTokenRecord(writer: BufferWriter, token: PersonalAccessTokenRecord): void {
  writeName(writer, token.name, 1, NAME_LENGTH_MAX, ErrorCode.InvalidPersonalAccessTokenName);
  writer.u64(token.expiryAt);
}

export function encodePersonalAccessTokenRecord(token: PersonalAccessTokenRecord): Buffer {
  const writer = new BufferWriter(9 + 30);
  writePersonalAccessTokenRecord(writer, token);
  return writer.view();
}

export function readPersonalAccessTokenRecord(reader: BufferReader): PersonalAccessTokenRecord {
  return { name: reader.str8(), expiryAt: reader.u64() };
}
