import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';
import type { Identifier } from '../models/identifier.js';

/**
 * Ids in HTTP paths and queries (Iggy's `Identifier::from_str_value`): text that parses as a u32
 * is a numeric id, anything else a name of 1..=255 bytes (else 6). So a stream named "42" cannot
 * be addressed by name over HTTP — Iggy's rule, kept.
 */
export function parseHttpIdentifier(text: string): Identifier {
  if (/^\+?\d+$/.test(text)) {
    const value = Number(text);
    if (value <= 0xffff_ffff) return value;
  }
  const length = Buffer.byteLength(text, 'utf8');
  if (length === 0 || length > 255) throw new IggyError(ErrorCode.InvalidIdentifier, `name of ${length} bytes`);
  return text;
}

/**
 * The text an SDK sends for an identifier over HTTP (path segment, query or JSON). A name that
 * reads as a u32 ("42") would reach the server as the numeric id 42, another resource, which a
 * delete would remove; so it is refused with 6 (invalid_identifier): over HTTP such a name can be
 * addressed only by its numeric id (the binary protocol has no such limit). Empty or over-long
 * names get 6 too, as the server would answer.
 */
export function httpIdentifierText(id: Identifier): string {
  if (typeof id === 'number') return String(id);
  if (typeof parseHttpIdentifier(id) === 'number') {
    throw new IggyError(ErrorCode.InvalidIdentifier, `the name "${id}" reads as a numeric id over HTTP (Iggy's rule); address it by its numeric id`);
  }
  return id;
}

/** How the SDK writes an identifier into a path segment. */
export function formatHttpIdentifier(id: Identifier): string {
  return encodeURIComponent(httpIdentifierText(id));
}
