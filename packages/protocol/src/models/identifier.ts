import type { BufferReader } from '../buffer-reader.js';
import type { BufferWriter } from '../buffer-writer.js';
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';

/**
 * Stream / topic / group / user / consumer identifier: a number is a numeric id (u32),
 * a string is a name. On the wire: u8 kind (1 numeric, 2 string), u8 length, value.
 * A string is never re-interpreted as a number on the binary protocol.
 */
export type Identifier = number | string;

export const IDENTIFIER_KIND_NUMERIC = 1;
export const IDENTIFIER_KIND_STRING = 2;

export function identifierSize(id: Identifier): number {
  return typeof id === 'number' ? 6 : 2 + Buffer.byteLength(id, 'utf8');
}

export function writeIdentifier(writer: BufferWriter, id: Identifier): void {
  if (typeof id === 'number') {
    if (!Number.isInteger(id) || id < 0 || id > 0xffff_ffff) throw new IggyError(ErrorCode.InvalidIdentifier, `${id}`);
    writer.u8(IDENTIFIER_KIND_NUMERIC).u8(4).u32(id);
    return;
  }
  const raw = Buffer.from(id, 'utf8');
  if (raw.length === 0 || raw.length > 255) throw new IggyError(ErrorCode.InvalidIdentifier, `name of ${raw.length} bytes`);
  writer.u8(IDENTIFIER_KIND_STRING).u8(raw.length).bytes(raw);
}

/** Reads and validates an identifier; every malformation is error 6 (invalid_identifier). */
export function readIdentifier(reader: BufferReader): Identifier {
  if (reader.remaining < 2) throw new IggyError(ErrorCode.InvalidIdentifier, 'truncated');
  const kind = reader.u8();
  const length = reader.u8();
  if (length === 0 || reader.remaining < length) throw new IggyError(ErrorCode.InvalidIdentifier, `length ${length}`);
  if (kind === IDENTIFIER_KIND_NUMERIC) {
    if (length !== 4) throw new IggyError(ErrorCode.InvalidIdentifier, `numeric id of ${length} bytes`);
    return reader.u32();
  }
  if (kind === IDENTIFIER_KIND_STRING) {
    // Iggy decodes names lossily; replacement characters keep lookups well-defined.
    return reader.bytes(length).toString('utf8');
  }
  throw new IggyError(ErrorCode.InvalidIdentifier, `kind ${kind}`);
}

export function formatIdentifier(id: Identifier): string {
  return typeof id === 'number' ? `#${id}` : JSON.stringify(id);
}
