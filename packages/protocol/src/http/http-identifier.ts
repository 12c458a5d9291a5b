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

/** How the SDK writes an identifier into a path segment. */
export function formatHttpIdentifier(id: Identifier): string {
  return encodeURIComponent(String(id));
}
