/**
 * Log fields pino replaces with "[redacted]" wherever they appear in a logged object (top level
 * and up to three levels down: pino's wildcards match one level each). Credentials arrive in
 * login commands and PAT requests; the config holds the JWT secrets and the encryption key.
 */
const SECRET_FIELD_NAMES = ['password', 'token', 'encoding_secret', 'decoding_secret', 'authorization', 'secret_access_key'];

export const REDACT_PATHS: string[] = [
  ...SECRET_FIELD_NAMES.flatMap((name) => [name, `*.${name}`, `*.*.${name}`, `*.*.*.${name}`]),
  // system.encryption.key: "key" alone is too common a field name to redact everywhere.
  'encryption.key',
  '*.encryption.key',
  '*.*.encryption.key',
];

export const REDACT_CENSOR = '[redacted]';
