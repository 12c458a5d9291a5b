import type { Consumer as ConsumerModel, Identifier, Partitioning as PartitioningModel, PollingStrategy as PollingStrategyModel } from '@iggy-node/protocol';

// Constructors for the small protocol unions, so call sites read like the Rust SDK
// (`Consumer::new`, `PollingStrategy::offset`, `Partitioning::balanced`). Each name is both a
// type (the protocol model) and a value (the constructors).

export type Consumer = ConsumerModel;
export const Consumer = {
  /** An individual consumer with its own offset per partition. */
  single: (id: Identifier): Consumer => ({ kind: 'consumer', id }),
  /** A consumer group of the topic; the server assigns partitions to its members. */
  group: (id: Identifier): Consumer => ({ kind: 'consumer_group', id }),
} as const;

export type PollingStrategy = PollingStrategyModel;
export const PollingStrategy = {
  offset: (offset: bigint | number): PollingStrategy => ({ kind: 'offset', value: BigInt(offset) }),
  /** Messages with a timestamp at or after `timestampUs` (microseconds since the epoch). */
  timestamp: (timestampUs: bigint | number): PollingStrategy => ({ kind: 'timestamp', value: BigInt(timestampUs) }),
  first: (): PollingStrategy => ({ kind: 'first', value: 0n }),
  last: (): PollingStrategy => ({ kind: 'last', value: 0n }),
  /** From the consumer's stored offset + 1 (from 0 when none is stored). */
  next: (): PollingStrategy => ({ kind: 'next', value: 0n }),
} as const;

export type Partitioning = PartitioningModel;
export const Partitioning = {
  balanced: (): Partitioning => ({ kind: 'balanced' }),
  partitionId: (partitionId: number): Partitioning => ({ kind: 'partition_id', partitionId }),
  /** Messages with the same key go to the same partition; a string key is UTF-8 encoded. */
  messagesKey: (key: Buffer | string): Partitioning => ({
    kind: 'messages_key',
    key: typeof key === 'string' ? Buffer.from(key, 'utf8') : key,
  }),
} as const;
