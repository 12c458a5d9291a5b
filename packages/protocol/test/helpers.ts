// Shared test helpers: hex fixtures and IggyError assertions.
import assert from 'node:assert/strict';
import { IggyError } from '../src/index.js';

/** Bytes from hex text; spaces, newlines and `|` separators are ignored. */
export function hex(...parts: string[]): Buffer {
  const digits = parts.join('').replace(/[\s|]/g, '');
  // Buffer.from(..., 'hex') stops silently at the first bad character; a typo must fail loudly.
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`bad hex fixture: ${digits.slice(0, 80)}`);
  return Buffer.from(digits, 'hex');
}

/** Asserts that `fn` throws an IggyError with exactly `code`. */
export function assertIggyError(fn: () => unknown, code: number, context = ''): void {
  try {
    fn();
  } catch (error) {
    assert.ok(IggyError.is(error), `${context}: expected IggyError(${code}), got ${String(error)}`);
    assert.equal((error as IggyError).code, code, `${context}: ${(error as Error).message}`);
    return;
  }
  assert.fail(`${context}: expected IggyError(${code}), nothing thrown`);
}

/** Runs `fn`; any throw must be an IggyError (never RangeError/TypeError). Returns whether it threw. */
export function throwsOnlyIggyError(fn: () => unknown, context: string): boolean {
  try {
    fn();
    return false;
  } catch (error) {
    assert.ok(IggyError.is(error), `${context}: non-Iggy error ${(error as Error)?.stack ?? String(error)}`);
    return true;
  }
}
