import { CompressionAlgorithm } from '@iggy-node/sdk';
import { CliArgsError } from '../../args/cli-args-error.js';

const COMPRESSIONS: Record<string, CompressionAlgorithm> = {
  none: CompressionAlgorithm.None,
  gzip: CompressionAlgorithm.Gzip,
};

/** "none" or "gzip", the two algorithms Iggy 0.7 knows. */
export function parseCompression(text: string): CompressionAlgorithm {
  const algorithm = COMPRESSIONS[text.toLowerCase()];
  if (algorithm === undefined) throw new CliArgsError(`invalid compression algorithm "${text}" (none or gzip)`);
  return algorithm;
}

/** Flags shared by `topic create` and `topic update`. */
export const topicOptions = {
  'compression-algorithm': { type: 'string', default: 'none', describe: 'none or gzip' },
  'message-expiry': {
    type: 'string',
    default: 'server_default',
    describe: 'How long messages live: e.g. "1h", "15days", "1day 1hour", none (never) or server_default',
  },
  'max-topic-size': {
    type: 'string',
    default: 'server_default',
    describe: 'Size cap: e.g. "1 GiB", "500MB", unlimited or server_default',
  },
  'replication-factor': { type: 'number', describe: 'Replication factor (stored only; no clustering in 0.7)' },
} as const;
