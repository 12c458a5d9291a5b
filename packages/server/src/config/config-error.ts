/**
 * Failure to find, parse or validate the server configuration. It never goes on the wire, so it
 * carries a string code (undici style) instead of an Iggy numeric error code; start-up prints it
 * and exits.
 */
export type ConfigErrorCode =
  /** A value has the wrong type or syntax, or breaks a validation rule. */
  | 'IGGY_CONFIG_INVALID'
  /** The TOML file (or dotenv file) could not be parsed. */
  | 'IGGY_CONFIG_PARSE'
  /** A file could not be read or written. */
  | 'IGGY_CONFIG_IO';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code: ConfigErrorCode;
  /** Dotted config key the error is about (`system.segment.size`), when there is one. */
  readonly key: string | undefined;

  constructor(code: ConfigErrorCode, message: string, options?: { key?: string; cause?: unknown }) {
    super(options?.key !== undefined ? `${options.key}: ${message}` : message, { cause: options?.cause });
    this.code = code;
    this.key = options?.key;
  }

  /** Shorthand for the common case: `key` holds a value that is not allowed. */
  static invalid(key: string, message: string): ConfigError {
    return new ConfigError('IGGY_CONFIG_INVALID', message, { key });
  }
}
