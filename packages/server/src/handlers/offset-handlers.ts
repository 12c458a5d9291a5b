/**
 * GetConsumerOffset, StoreConsumerOffset, DeleteConsumerOffset (Iggy binary/handlers/
 * consumer_offsets). Stored offsets live with the partition on its owner shard, so every offset
 * command is a data-plane request (Iggy writes them from any shard; one writer is simpler).
 */
import {
  CommandCode,
  decodeDeleteConsumerOffsetRequest,
  decodeGetConsumerOffsetRequest,
  decodeStoreConsumerOffsetRequest,
  encodeConsumerOffsetInfo,
  ErrorCode,
  IggyError,
} from '@iggy-node/protocol';
import { assertAllowed } from '../auth/permissioner.js';
import { partitionAddress } from '../shard/shard.js';
import { resolvePartitionId, resolvePollingConsumer } from './consumer-resolution.js';
import { isRevoking, resolveGroupCommitPartition } from './group-polling.js';
import type { HandlerRegistration } from './command-dispatcher.js';
import type { Consumer, Identifier } from '@iggy-node/protocol';
import type { PollingConsumer } from '../bus/shard-messages.js';
import type { TopicMeta } from '../metadata/metadata-model.js';
import type { Session } from '../session/session.js';
import type { Shard } from '../shard/shard.js';

/**
 * Topic, consumer and partition of a store or delete: the topic must exist (2010), the caller may
 * poll it (41), a group member commits only partitions it holds (3022), an individual consumer
 * its given partition or 0.
 */
function resolveCommitTarget(
  shard: Shard,
  session: Session,
  request: { consumer: Consumer; streamId: Identifier; topicId: Identifier; partitionId: number | null },
): { topic: TopicMeta; consumer: PollingConsumer; partitionId: number } {
  const topic = shard.metadata.getTopic(request.streamId, request.topicId);
  assertAllowed(shard.metadata, session.userId!, 'pollMessages', topic.streamId, topic.id);
  const consumer = resolvePollingConsumer(shard, topic, request.consumer, session);
  const partitionId =
    consumer.kind === 'group'
      ? resolveGroupCommitPartition(shard, session, topic, consumer.id, request.partitionId)
      : resolvePartitionId(topic, request.partitionId);
  return { topic, consumer, partitionId };
}

export function offsetHandlers(): HandlerRegistration[] {
  return [
    {
      code: CommandCode.GetConsumerOffset,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const request = decodeGetConsumerOffsetRequest(payload);
        const topic = shard.metadata.findTopic(request.streamId, request.topicId);
        if (!topic) return null;
        assertAllowed(shard.metadata, session.userId!, 'pollMessages', topic.streamId, topic.id);
        const consumer = resolvePollingConsumer(shard, topic, request.consumer);
        const partitionId = resolvePartitionId(topic, request.partitionId);
        const result = await shard.bus.sendToPartitionOwner({ kind: 'getConsumerOffset', ...partitionAddress(topic.streamId, topic.id, partitionId), consumer });
        if (!result) return null;
        return encodeConsumerOffsetInfo({ partitionId, currentOffset: BigInt(result.currentOffset), storedOffset: BigInt(result.storedOffset) });
      },
    },
    {
      code: CommandCode.StoreConsumerOffset,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const request = decodeStoreConsumerOffsetRequest(payload);
        const { topic, consumer, partitionId } = resolveCommitTarget(shard, session, request);
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
        return null;
      },
    },
    {
      code: CommandCode.DeleteConsumerOffset,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { topic, consumer, partitionId } = resolveCommitTarget(shard, session, decodeDeleteConsumerOffsetRequest(payload));
        await shard.bus.sendToPartitionOwner({ kind: 'deleteConsumerOffset', ...partitionAddress(topic.streamId, topic.id, partitionId), consumer });
        return null;
      },
    },
  ];
}
