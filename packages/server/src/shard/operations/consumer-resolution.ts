/**
 * Turns a wire Consumer into the id under which offsets are stored, and picks the partition a
 * request addresses (Iggy shard/system/consumer_offsets.rs, polling_consumer.rs).
 */
import { ErrorCode, IggyError, xxh32, type Consumer } from '@iggy-node/protocol';
import type { PollingConsumer } from '../../bus/shard-messages.js';
import type { TopicMeta } from '../../metadata/metadata-model.js';
import type { ShardServices } from './context.js';
import type { Session } from '../../session/session.js';
import { memberKeyOf } from '../../consumer-groups/group-membership.js';

/**
 * Individual consumers: numeric id as is, a name hashed with XXH32; groups must exist (5000).
 * A group consumer carries the calling connection as `memberKey`, which the partition owner checks
 * against its gate (omit `session` for reads that any connection may make).
 */
export function resolvePollingConsumer(shard: ShardServices, topic: TopicMeta, consumer: Consumer, session?: Session): PollingConsumer {
  if (consumer.kind === 'consumer') {
    return { kind: 'consumer', id: typeof consumer.id === 'number' ? consumer.id : xxh32(consumer.id) >>> 0 };
  }
  const group = shard.metadata.findConsumerGroup(topic.streamId, topic.id, consumer.id);
  if (!group) throw new IggyError(ErrorCode.ConsumerGroupIdNotFound);
  return session ? { kind: 'group', id: group.id, memberKey: memberKeyOf({ clientId: session.clientId, shardId: shard.id }) } : { kind: 'group', id: group.id };
}

/** An explicit partition must exist (3007); absent means partition 0 for individual consumers. */
export function resolvePartitionId(topic: TopicMeta, partitionId: number | null): number {
  const id = partitionId ?? 0;
  if (id >= topic.partitions.length) throw new IggyError(ErrorCode.PartitionNotFound);
  return id;
}
