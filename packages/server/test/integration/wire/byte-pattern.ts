// Expected bytes with explicit masks for fields that legitimately vary between runs (timestamps,
// client ids, checksums over timestamps). Written as hex text: `XX` is one masked byte, `|` and
// spaces are ignored. Independent of @iggy-node/protocol on purpose: these tests check the
// server's bytes against the reference, not against our codec.
import assert from 'node:assert/strict';

export interface BytePattern {
  bytes: Buffer;
  /** true = this byte must match; false = masked (any value). */
  fixed: boolean[];
}

/** Hex pattern: pairs of hex digits, or `XX` for a masked byte. */
export function pattern(...parts: Array<string | BytePattern>): BytePattern {
  const bytes: number[] = [];
  const fixed: boolean[] = [];
  for (const part of parts) {
    if (typeof part !== 'string') {
      bytes.push(...part.bytes);
      fixed.push(...part.fixed);
      continue;
    }
    const digits = part.replace(/[\s|]/g, '');
    if (!/^(?:[0-9a-fA-F]{2}|XX)*$/.test(digits)) throw new Error(`bad byte pattern: ${digits.slice(0, 80)}`);
    for (let at = 0; at < digits.length; at += 2) {
      const pair = digits.slice(at, at + 2);
      bytes.push(pair === 'XX' ? 0 : parseInt(pair, 16));
      fixed.push(pair !== 'XX');
    }
  }
  return { bytes: Buffer.from(bytes), fixed };
}

/** `count` masked bytes. */
export function masked(count: number): BytePattern {
  return { bytes: Buffer.alloc(count), fixed: new Array<boolean>(count).fill(false) };
}

/** Literal bytes (e.g. a value learnt earlier in the test, or text). */
export function literal(bytes: Buffer | string): BytePattern {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  return { bytes: Buffer.from(buffer), fixed: new Array<boolean>(buffer.length).fill(true) };
}

/** §1 str8: u8 length, then UTF-8 text. */
export function str8(text: string): BytePattern {
  const bytes = Buffer.from(text, 'utf8');
  return literal(Buffer.concat([Buffer.from([bytes.length]), bytes]));
}

/** §1 str32: u32 LE length, then UTF-8 text. */
export function str32(text: string): BytePattern {
  const bytes = Buffer.from(text, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(bytes.length, 0);
  return literal(Buffer.concat([length, bytes]));
}

/** u32 LE of a value known only at run time (a port, a pid, an id learnt earlier). */
export function u32(value: number): BytePattern {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value, 0);
  return literal(bytes);
}

/** u16 LE of a value known only at run time. */
export function u16(value: number): BytePattern {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16LE(value, 0);
  return literal(bytes);
}

function render(bytes: Buffer, marks?: (at: number) => string): string {
  const out: string[] = [];
  for (let at = 0; at < bytes.length; at++) {
    if (at > 0 && at % 16 === 0) out.push('\n');
    out.push((marks?.(at) ?? '') + bytes[at]!.toString(16).padStart(2, '0').toUpperCase());
  }
  return out.join(' ');
}

/** Fails with both byte dumps (mismatching bytes marked `*`) unless `actual` matches `expected`. */
export function assertBytes(actual: Buffer, expected: BytePattern, what: string): void {
  const mismatches: number[] = [];
  const length = Math.max(actual.length, expected.bytes.length);
  for (let at = 0; at < length; at++) {
    if (at >= actual.length || at >= expected.bytes.length) mismatches.push(at);
    else if (expected.fixed[at] && actual[at] !== expected.bytes[at]) mismatches.push(at);
  }
  if (mismatches.length === 0) return;
  const expectedText = expected.bytes.length === 0 ? '(none)' : render(expected.bytes, (at) => (expected.fixed[at] ? '' : '~'));
  assert.fail(
    `${what}: ${actual.length} bytes, expected ${expected.bytes.length}; first difference at byte ${mismatches[0]}\n` +
      `actual:\n${render(actual, (at) => (mismatches.includes(at) ? '*' : ''))}\nexpected (~ = masked):\n${expectedText}`,
  );
}
