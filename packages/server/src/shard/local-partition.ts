import type { PartitionAddress } from '../bus/shard-messages.js';
import type { ConsumerOffsetStore } from '../storage/consumer-offset-store.js';
import type { MessageDeduplicator } from '../storage/message-deduplicator.js';
import type { PartitionLog } from '../storage/partition-log.js';

/**
 * A partition opened by its owner shard: the log (segments + indexes) and the stored consumer
 * and group offsets. Only the owner's event loop touches these objects.
 */
export interface LocalPartition {
  readonly address: PartitionAddress;
  readonly directory: string;
  readonly createdAtMicros: bigint;
  readonly log: PartitionLog;
  readonly offsets: ConsumerOffsetStore;
  /** Recently accepted message ids, when [system.message_deduplication] is enabled. */
  readonly deduplicator: MessageDeduplicator | null;
  /**
   * Last offset served to each consumer group from this partition: a revoking partition may
   * move to another member once the group's stored offset has caught up with it.
   */
  readonly lastPolledByGroup: Map<number, number>;
  /** Per group: the member (`clientId@shardId`) allowed to poll and commit this partition. */
  readonly groupGates: Map<number, string>;
}
