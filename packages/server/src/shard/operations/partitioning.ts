/** The partition a send goes to (wire-protocol.md §7.5, §15.1 step 5). */
import { ErrorCode, IggyError, xxh32, type Partitioning } from '@iggy-node/protocol';
import type { TopicMeta } from '../../metadata/metadata-model.js';
import type { ShardServices } from './context.js';

export function choosePartition(shard: Pick<ShardServices, 'balancedPartitioner'>, topic: TopicMeta, partitioning: Partitioning): number {
  const count = topic.partitions.length;
  switch (partitioning.kind) {
    case 'balanced':
      if (count === 0) throw new IggyError(ErrorCode.TopicIdNotFound, 'topic has no partitions');
      return shard.balancedPartitioner.next(topic.streamId, topic.id, topic.createdAtMicros, count);
    case 'partition_id':
      if (partitioning.partitionId >= count) throw new IggyError(ErrorCode.PartitionNotFound);
      return partitioning.partitionId;
    case 'messages_key':
      // Iggy divides by zero here on a topic without partitions; we refuse instead.
      if (count === 0) throw new IggyError(ErrorCode.NoPartitions, 'topic has no partitions');
      return (xxh32(partitioning.key) >>> 0) % count;
  }
}
