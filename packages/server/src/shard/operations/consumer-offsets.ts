/**
 * Consumer offset operations (Iggy shard/system/consumer_offsets.rs). Stored offsets live with
 * the partition on its owner shard, so every offset operation is a data-plane request.
 */
import {
  ErrorCode,
  IggyError,
  type ConsumerOffsetInfo,
  type DeleteConsumerOffsetRequest,
  type GetConsumerOffsetRequest,
  type StoreConsumerOffsetRequest,
} from '@iggy-node/protocol';
import { assertAllowed } from '../../auth/permissioner.js';
import { partitionAddress } from '../../bus/namespace.js';
import type { PollingConsumer } from '../../bus/shard-messages.js';
import type { TopicMeta } from '../../metadata/metadata-model.js';
import { resolvePartitionId, resolvePollingConsumer } from './consumer-resolution.js';
import { callerId, type OperationContext } from './context.js';
import { isRevoking, resolveGroupCommitPartition } from './group-polling.js';

/**
 * Topic, consumer and partition of a store or delete: the topic must exist (2010), the caller may
 * poll it (41), a group member commits only partitions it holds (3022), an individual consumer
 * its given partition or 0.
 */
function resolveCommitTarget(context: OperationContext, request: GetConsumerOffsetRequest): { topic: TopicMeta; consumer: PollingConsumer; partitionId: number } {
  const { shard, session } = context;
  const topic = shard.metadata.getTopic(request.streamId, request.topicId);
  assertAllowed(shard.metadata, callerId(context), 'pollMessages', topic.streamId, topic.id);
  const consumer = resolvePollingConsumer(shard, topic, request.consumer, session);
  const partitionId =
    consumer.kind === 'group'
      ? resolveGroupCommitPartition(shard, session, topic, consumer.id, request.partitionId)
      : resolvePartitionId(topic, request.partitionId);
  return { topic, consumer, partitionId };
}

/** null when the topic does not exist or nothing is stored. */
export async function getConsumerOffset(context: OperationContext, request: GetConsumerOffsetRequest): Promise<ConsumerOffsetInfo | null> {
  const { shard } = context;
  const topic = shard.metadata.findTopic(request.streamId, request.topicId);
  if (!topic) return null;
  assertAllowed(shard.metadata, callerId(context), 'pollMessages', topic.streamId, topic.id);
  const consumer = resolvePollingConsumer(shard, topic, request.consumer);
  const partitionId = resolvePartitionId(topic, request.partitionId);
  const result = await shard.bus.sendToPartitionOwner({ kind: 'getConsumerOffset', ...partitionAddress(topic.streamId, topic.id, partitionId), consumer });
  if (!result) return null;
  return { partitionId, currentOffset: BigInt(result.currentOffset), storedOffset: BigInt(result.storedOffset) };
}

export async function storeConsumerOffset(context: OperationContext, request: StoreConsumerOffsetRequest): Promise<void> {
  const { shard } = context;
  const { topic, consumer, partitionId } = resolveCommitTarget(context, request);
  if (request.offset > BigInt(Number.MAX_SAFE_INTEGER)) throw new IggyError(ErrorCode.InvalidOffset);
  await shard.bus.sendToPartitionOwner({
    kind: 'storeConsumerOffset',
    ...partitionAddress(topic.streamId, topic.id, partitionId),
    consumer,
    offset: Number(request.offset),
  });
  // A commit on a revoking partition may complete the hand-over: do not wait for the timer.
  if (consumer.kind === 'group' && isRevoking(shard, topic, consumer.id, partitionId)) {
    shard.bus.sendToControlPlane({ kind: 'checkGroupRevocations' }).catch(() => undefined);
  }
}

export async function deleteConsumerOffset(context: OperationContext, request: DeleteConsumerOffsetRequest): Promise<void> {
  const { topic, consumer, partitionId } = resolveCommitTarget(context, request);
  await context.shard.bus.sendToPartitionOwner({ kind: 'deleteConsumerOffset', ...partitionAddress(topic.streamId, topic.id, partitionId), consumer });
}
