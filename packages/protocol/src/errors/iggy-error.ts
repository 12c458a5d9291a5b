import { errorInfo } from './error-codes.js';

const IGGY_ERROR_BRAND = Symbol.for('iggy-node.IggyError');

/**
 * An error that carries one of Iggy's numeric codes. The code is what goes on the wire
 * (response status) and what SDK callers branch on. One class for every code: there are
 * about 220 of them, so subclasses would add nothing but names.
 */
export class IggyError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly [IGGY_ERROR_BRAND] = true;

  constructor(code: number, detail?: string) {
    const info = errorInfo(code);
    super(detail ? `${info.message} (${info.name}, ${code}): ${detail}` : `${info.message} (${info.name}, ${code})`);
    this.name = 'IggyError';
    this.code = code;
    this.codeName = info.name;
  }

  /** True for any IggyError (also one from another copy of this package), optionally with this code. */
  static is(error: unknown, code?: number): error is IggyError {
    return (
      typeof error === 'object' &&
      error !== null &&
      (error as Record<symbol, unknown>)[IGGY_ERROR_BRAND] === true &&
      (code === undefined || (error as IggyError).code === code)
    );
  }
}
