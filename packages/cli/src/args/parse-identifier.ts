import type { Identifier } from '@iggy-node/sdk';
import { CliArgsError } from './cli-args-error.js';

const U32_MAX = 0xffff_ffff;
const NAME_BYTES_MAX = 255;

/** As Iggy's `Identifier::from_str`: text that parses as a u32 is a numeric id, anything else a name. */
export function parseIdentifier(text: string | number): Identifier {
  const value = String(text);
  if (/^\d+$/.test(value) && Number(value) <= U32_MAX) return Number(value);
  const size = Buffer.byteLength(value, 'utf8');
  if (size === 0 || size > NAME_BYTES_MAX) throw new CliArgsError(`invalid identifier "${value}" (1-255 bytes)`);
  return value;
}
