/**
 * Message operations (Iggy shard/system/messages.rs): validate and resolve on the caller's shard,
 * then hand the batch to the partition's owner shard. The batch bytes are never parsed into
 * per-message objects: the owner stamps offsets, timestamps, ids and checksums in place and
 * writes the same bytes to disk; a poll returns the stored records as they are.
 *
 * The results name the shard that owns the partition, so a transport that can move a connection
 * (plain TCP, tcp.socket_migration) may choose to; operations never move anything.
 */
import { ErrorCode, IggyError, type FlushUnsavedBufferRequest, type Identifier, type Partitioning, type PollMessagesRequest } from '@iggy-node/protocol';
import { assertAllowed } from '../../auth/permissioner.js';
import { partitionAddress } from '../../bus/namespace.js';
import type { PollResult } from '../../bus/shard-messages.js';
import { POLL_MESSAGES_COUNT_MAX } from '../../limits.js';
import { countDataPathCopy } from '../../memory/data-path-copies.js';
import type { PoolSlot } from '../../memory/memory-pool.js';
import { NO_POLLED_RECORDS, PollResponseRecords } from '../../memory/polled-records.js';
import type { PayloadLease } from '../../memory/payload-lease.js';
import { resolvePartitionId, resolvePollingConsumer } from './consumer-resolution.js';
import { callerId, type OperationContext } from './context.js';
import { resolveGroupPollPartition } from './group-polling.js';
import { choosePartition } from './partitioning.js';

export interface SendMessagesInput {
  streamId: Identifier;
  topicId: Identifier;
  partitioning: Partitioning;
  messagesCount: number;
  /** The messages section in Iggy's binary batch layout, already validated by the caller's codec. */
  messages: Buffer;
  /** The pool slot `messages` lies in, when the connection read the request into one. */
  lease: PayloadLease | null;
}

export interface SendMessagesResult {
  partitionId: number;
  /** The shard that owns the partition (a transport may move the connection there). */
  ownerShardId: number;
}

export interface PollMessagesResult extends Omit<PollResult, 'records'> {
  /**
   * The stored records behind room for the response headers, usually in a pool slot: the caller
   * must release() them once written or rendered (whatever happens to the connection).
   */
  records: PollResponseRecords;
  ownerShardId: number;
}

/**
 * The batch must own its whole ArrayBuffer when it crosses to another shard (it is moved, not
 * copied, by the bus). A frame payload usually is a view into a larger socket read buffer.
 */
function ownedBatch(messages: Buffer): Uint8Array {
  if (messages.byteOffset === 0 && messages.byteLength === messages.buffer.byteLength) return messages;
  const owned = new Uint8Array(messages.byteLength);
  owned.set(messages);
  countDataPathCopy('forward_clone', messages.byteLength);
  return owned;
}

export async function sendMessages(context: OperationContext, input: SendMessagesInput): Promise<SendMessagesResult> {
  const { shard } = context;
  const topic = shard.metadata.getTopic(input.streamId, input.topicId);
  assertAllowed(shard.metadata, callerId(context), 'sendMessages', topic.streamId, topic.id);
  const partitionId = choosePartition(shard, topic, input.partitioning);
  const address = partitionAddress(topic.streamId, topic.id, partitionId);
  const ownerShardId = shard.bus.ownerOf(address);
  const local = ownerShardId === shard.id;
  // Local: the request's own bytes (often already in a pool slot) are stamped and written.
  // Remote: the lent pool slot moves to the owner by reference; bytes outside the pool are
  // copied once into a slot, or (pool full or off) moved as their own ArrayBuffer.
  let slot: PoolSlot | null = null;
  let slotByteOffset = 0;
  if (!local) {
    const lent = input.lease?.slot;
    const inLentSlot =
      lent !== undefined &&
      input.messages.buffer === shard.pool.sharedBuffer &&
      input.messages.byteOffset >= lent.byteOffset &&
      input.messages.byteOffset + input.messages.length <= lent.byteOffset + lent.capacity;
    if (lent && inLentSlot) {
      slot = input.lease!.take();
      slotByteOffset = input.messages.byteOffset - lent.byteOffset;
    } else {
      slot = shard.pool.acquire(input.messages.length);
      if (slot) {
        input.messages.copy(shard.pool.viewOf(slot));
        countDataPathCopy('forward_into_slot', input.messages.length);
      }
    }
  }
  await shard.bus.sendToPartitionOwner({
    kind: 'appendMessages',
    ...address,
    messages: local ? input.messages : slot ? null : ownedBatch(input.messages),
    slot,
    slotByteOffset,
    byteLength: input.messages.length,
    messagesCount: input.messagesCount,
  });
  shard.metrics.messagesSent += input.messagesCount;
  shard.metrics.bytesSent += input.messages.length;
  if (!local) shard.metrics.requestsForwarded++;
  return { partitionId, ownerShardId };
}

/** A consumer-group poll of a member with nothing assigned answers no messages (not an error). */
export async function pollMessages(context: OperationContext, request: PollMessagesRequest): Promise<PollMessagesResult> {
  const { shard, session } = context;
  const topic = shard.metadata.getTopic(request.streamId, request.topicId);
  assertAllowed(shard.metadata, callerId(context), 'pollMessages', topic.streamId, topic.id);
  const consumer = resolvePollingConsumer(shard, topic, request.consumer, session);
  let partitionId: number;
  if (consumer.kind === 'group') {
    const chosen = resolveGroupPollPartition(shard, session, topic, consumer.id, request.partitionId);
    if (chosen === null) return { partitionId: 0, currentOffset: 0, count: 0, records: PollResponseRecords.open(shard.pool, NO_POLLED_RECORDS), ownerShardId: shard.id };
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
  return {
    partitionId: result.partitionId,
    currentOffset: result.currentOffset,
    count: result.count,
    records: PollResponseRecords.open(shard.pool, result.records),
    ownerShardId: shard.bus.ownerOf(address),
  };
}

export async function flushUnsavedBuffer(context: OperationContext, request: FlushUnsavedBufferRequest): Promise<void> {
  const { shard } = context;
  const topic = shard.metadata.getTopic(request.streamId, request.topicId);
  assertAllowed(shard.metadata, callerId(context), 'sendMessages', topic.streamId, topic.id);
  if (request.partitionId >= topic.partitions.length) throw new IggyError(ErrorCode.PartitionNotFound);
  await shard.bus.sendToPartitionOwner({ kind: 'flushPartition', ...partitionAddress(topic.streamId, topic.id, request.partitionId), fsync: request.fsync });
}
