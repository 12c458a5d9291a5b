import { Partitioning } from '@iggy-node/sdk';
import { CliArgsError } from './cli-args-error.js';
import { parseInteger } from './parse-integer.js';

/** --partition-id N, --message-key K, or neither (balanced: the server round-robins). */
export function parsePartitioning(partitionId: string | undefined, messageKey: string | undefined): Partitioning {
  if (partitionId !== undefined && messageKey !== undefined) {
    throw new CliArgsError('give --partition-id or --message-key, not both');
  }
  if (partitionId !== undefined) return Partitioning.partitionId(parseInteger(partitionId, 'partition id'));
  if (messageKey !== undefined) {
    if (messageKey.length === 0 || Buffer.byteLength(messageKey) > 255) throw new CliArgsError('message key must be 1-255 bytes');
    return Partitioning.messagesKey(messageKey);
  }
  return Partitioning.balanced();
}
