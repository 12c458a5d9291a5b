import type { BufferReader } from '../buffer-reader.js';
import type { BufferWriter } from '../buffer-writer.js';
import { ErrorCode } from '../errors/error-codes.js';
import { IggyError } from '../errors/iggy-error.js';
import { type Identifier, identifierSize, readIdentifier, writeIdentifier } from './identifier.js';

/** Consumer (§7.2): an individual consumer or a consumer group of the topic. */
export interface Consumer {
  kind: 'consumer' | 'consumer_group';
  id: Identifier;
}

export const CONSUMER_KIND_CONSUMER = 1;
export const CONSUMER_KIND_CONSUMER_GROUP = 2;

export function consumerSize(consumer: Consumer): number {
  return 1 + identifierSize(consumer.id);
}

export function writeConsumer(writer: BufferWriter, consumer: Consumer): void {
  if (consumer.kind === 'consumer') writer.u8(CONSUMER_KIND_CONSUMER);
  else if (consumer.kind === 'consumer_group') writer.u8(CONSUMER_KIND_CONSUMER_GROUP);
  else throw new IggyError(ErrorCode.InvalidCommand, `consumer kind ${String(consumer.kind)}`);
  writeIdentifier(writer, consumer.id);
}

/** Unknown kind is 3; a malformed identifier is 6. */
export function readConsumer(reader: BufferReader): Consumer {
  const kind = reader.u8();
  if (kind === CONSUMER_KIND_CONSUMER) return { kind: 'consumer', id: readIdentifier(reader) };
  if (kind === CONSUMER_KIND_CONSUMER_GROUP) return { kind: 'consumer_group', id: readIdentifier(reader) };
  throw new IggyError(ErrorCode.InvalidCommand, `consumer kind ${kind}`);
}
