/**
 * SendMessages, PollMessages, FlushUnsavedBuffer (Iggy binary/handlers/messages): validate and
 * resolve on the connection's shard, then hand the batch to the partition's owner shard.
 * The batch bytes are never parsed into per-message objects: the owner stamps offsets,
 * timestamps, ids and checksums in place and writes the same bytes to disk; a poll answers with
 * the stored bytes behind a 16-byte header.
 */
import {
  CommandCode,
  decodeFlushUnsavedBufferRequest,
  decodePollMessagesRequest,
  decodeSendMessagesRequest,
  encodePollMessagesResponseHeader,
  ErrorCode,
  IggyError,
  validateSendMessagesBatch,
  xxh32,
  type Partitioning,
} from '@iggy-node/protocol';
import { assertAllowed } from '../auth/permissioner.js';
import { partitionKey } from '../bus/namespace.js';
import { POLL_MESSAGES_COUNT_MAX } from '../limits.js';
import type { TopicMeta } from '../metadata/metadata-model.js';
import { partitionAddress, type Shard } from '../shard/shard.js';
import { resolvePartitionId, resolvePollingConsumer } from './consumer-resolution.js';
import { resolveGroupPollPartition } from './group-polling.js';
import type { HandlerRegistration } from './command-dispatcher.js';
import type { PoolSlot } from '../memory/memory-pool.js';

/** Partition for a send (wire-protocol.md §7.5, §15.1 step 5). */
export function choosePartition(shard: Shard, topic: TopicMeta, partitioning: Partitioning): number {
  const count = topic.partitions.length;
  switch (partitioning.kind) {
    case 'balanced': {
      if (count === 0) throw new IggyError(ErrorCode.TopicIdNotFound, 'topic has no partitions');
      const key = partitionKey(topic.streamId, topic.id, 0);
      const next = shard.balancedCounters.get(key) ?? 0;
      shard.balancedCounters.set(key, (next + 1) % count);
      return next % count;
    }
    case 'partition_id':
      if (partitioning.partitionId >= count) throw new IggyError(ErrorCode.PartitionNotFound);
      return partitioning.partitionId;
    case 'messages_key':
      // Iggy divides by zero here on a topic without partitions; we refuse instead.
      if (count === 0) throw new IggyError(ErrorCode.NoPartitions, 'topic has no partitions');
      return (xxh32(partitioning.key) >>> 0) % count;
  }
}

/**
 * The batch must own its whole ArrayBuffer when it crosses to another shard (it is moved, not
 * copied, by the bus). A frame payload usually is a view into a larger socket read buffer.
 */
function ownedBatch(messages: Buffer): Uint8Array {
  if (messages.byteOffset === 0 && messages.byteLength === messages.buffer.byteLength) return messages;
  const owned = new Uint8Array(messages.byteLength);
  owned.set(messages);
  return owned;
}

export function messageHandlers(): HandlerRegistration[] {
  return [
    {
      code: CommandCode.SendMessages,
      requiresAuthentication: true,
      handler: async ({ shard, session, payloadSlot }, payload) => {
        const request = decodeSendMessagesRequest(payload);
        validateSendMessagesBatch(request);
        const topic = shard.metadata.getTopic(request.streamId, request.topicId);
        assertAllowed(shard.metadata, session.userId!, 'sendMessages', topic.streamId, topic.id);
        const partitionId = choosePartition(shard, topic, request.partitioning);
        const address = partitionAddress(topic.streamId, topic.id, partitionId);
        const local = shard.bus.ownerOf(address) === shard.id;
        // Local: the frame's own bytes (often already in a pool slot) are stamped and written.
        // Remote: the pool slot the frame was read into moves to the owner by reference; a frame
        // outside the pool is copied once into a slot, or (pool full or off) moved as its own
        // ArrayBuffer.
        let slot: PoolSlot | null = null;
        let slotByteOffset = 0;
        if (!local) {
          const frameSlot = payloadSlot?.slot;
          const inFrameSlot =
            frameSlot !== undefined &&
            request.messages.buffer === shard.pool.sharedBuffer &&
            request.messages.byteOffset >= frameSlot.byteOffset &&
            request.messages.byteOffset + request.messages.length <= frameSlot.byteOffset + frameSlot.capacity;
          if (frameSlot && inFrameSlot) {
            slot = payloadSlot!.take();
            slotByteOffset = request.messages.byteOffset - frameSlot.byteOffset;
          } else {
            slot = shard.pool.acquire(request.messages.length);
            if (slot) request.messages.copy(shard.pool.viewOf(slot));
          }
        }
        await shard.bus.sendToPartitionOwner({
          kind: 'appendMessages',
          ...address,
          messages: local ? request.messages : slot ? null : ownedBatch(request.messages),
          slot,
          slotByteOffset,
          byteLength: request.messages.length,
          messagesCount: request.messagesCount,
        });
        shard.metrics.messagesSent += request.messagesCount;
        shard.metrics.bytesSent += request.messages.length;
        if (!local) {
          shard.metrics.requestsForwarded++;
          // Move the connection next to its data once; later sends elsewhere are forwarded.
          if (shard.socketMigrationEnabled && !session.migrated && session.joinedGroups.length === 0) {
            session.migrationTarget = shard.bus.ownerOf(address);
          }
        }
        return null;
      },
    },
    {
      code: CommandCode.PollMessages,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const request = decodePollMessagesRequest(payload);
        const topic = shard.metadata.getTopic(request.streamId, request.topicId);
        assertAllowed(shard.metadata, session.userId!, 'pollMessages', topic.streamId, topic.id);
        const consumer = resolvePollingConsumer(shard, topic, request.consumer, session);
        let partitionId: number;
        if (consumer.kind === 'group') {
          const chosen = resolveGroupPollPartition(shard, session, topic, consumer.id, request.partitionId);
          if (chosen === null) return encodePollMessagesResponseHeader(0, 0n, 0);
          partitionId = chosen;
        } else {
          partitionId = resolvePartitionId(topic, request.partitionId);
        }
        const address = partitionAddress(topic.streamId, topic.id, partitionId);
        const result = await shard.bus.sendToPartitionOwner({
          kind: 'pollMessages',
          ...address,
          consumer,
          strategy: request.strategy,
          count: Math.min(request.count, POLL_MESSAGES_COUNT_MAX),
          autoCommit: request.autoCommit,
        });
        shard.metrics.messagesPolled += result.count;
        // A consumer, too, is moved next to the partition it reads (once, after a successful
        // poll): its responses are then written straight from the owner, not copied across threads.
        if (shard.bus.ownerOf(address) !== shard.id && shard.socketMigrationEnabled && !session.migrated && session.joinedGroups.length === 0) {
          session.migrationTarget = shard.bus.ownerOf(address);
        }
        const header = encodePollMessagesResponseHeader(result.partitionId, BigInt(result.currentOffset), result.count);
        return [header, ...result.records.map((r) => (Buffer.isBuffer(r) ? r : Buffer.from(r.buffer, r.byteOffset, r.byteLength)))];
      },
    },
    {
      code: CommandCode.FlushUnsavedBuffer,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const request = decodeFlushUnsavedBufferRequest(payload);
        const topic = shard.metadata.getTopic(request.streamId, request.topicId);
        assertAllowed(shard.metadata, session.userId!, 'sendMessages', topic.streamId, topic.id);
        if (request.partitionId >= topic.partitions.length) throw new IggyError(ErrorCode.PartitionNotFound);
        await shard.bus.sendToPartitionOwner({ kind: 'flushPartition', ...partitionAddress(topic.streamId, topic.id, request.partitionId), fsync: request.fsync });
        return null;
      },
    },
  ];
}
