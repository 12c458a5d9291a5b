/**
 * The data plane of one shard: the partitions it owns and every operation on their data
 * (append, poll, stored offsets, flush, segment deletion, purge). Requests reach it through
 * ShardBus.sendToPartitionOwner, whether they came from this shard or another.
 *
 * Runs on: the owner shard of each partition (Iggy's local_partitions + message pump).
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import type { PartitionAddress, PartitionStatsEntry, PollResult, PollingConsumer, ShardRequest } from '../bus/shard-messages.js';
import type { ServerConfig } from '../config/server-config.js';
import { ConsumerOffsetStore } from '../storage/consumer-offset-store.js';
import { PartitionLog, type ReadIntoResult, type ReadTarget } from '../storage/partition-log.js';
import type { LocalPartition } from './local-partition.js';
import { POLL_BYTES_MAX } from '../limits.js';
import type { MemoryPool } from '../memory/memory-pool.js';
import { Aes256GcmEncryptor } from '@iggy-node/protocol';
import { decryptRecordsInPlace, encryptMessagesSection } from '../storage/message-encryption.js';
import { allocatePollRegion, NO_POLLED_RECORDS, POLL_RESPONSE_HEADROOM_BYTES, polledRecordsOf, releasePolledSlot, type PollRegion } from '../memory/polled-records.js';
import { dropDuplicateMessages, MessageDeduplicator } from '../storage/message-deduplicator.js';

type Req<K extends ShardRequest['kind']> = Extract<ShardRequest, { kind: K }>;

export class PartitionSystem {
  /** Owned partitions by partitionKey; a pending open is stored as its promise. */
  readonly localPartitions = new Map<number, LocalPartition>();
  readonly #opening = new Map<number, Promise<LocalPartition>>();
  #closed = false;
  /** True until the shard has opened every partition it owns at start-up. */
  loading = true;
  /** [system.encryption]: payloads are encrypted here, on the owner, before they are stamped. */
  readonly #encryptor: Aes256GcmEncryptor | null;

  constructor(
    private readonly config: ServerConfig,
    private readonly logger: Logger,
    private readonly pool: MemoryPool,
    /** created_at of a partition in this shard's metadata copy, or undefined if it does not exist. */
    private readonly createdAtOf: (address: PartitionAddress) => bigint | undefined,
  ) {
    const encryption = config.system.encryption;
    // The key was validated at start-up (validate-config.ts); this throws only if it was not.
    this.#encryptor = encryption.enabled ? Aes256GcmEncryptor.fromBase64Key(encryption.key) : null;
  }

  partitionDirectory(address: { streamId: number; topicId: number; partitionId: number }): string {
    const system = this.config.system;
    return path.join(
      system.path,
      system.stream.path || 'streams',
      String(address.streamId),
      system.topic.path || 'topics',
      String(address.topicId),
      system.partition.path || 'partitions',
      String(address.partitionId),
    );
  }

  /** Opens (recovering if needed) or returns an owned partition. */
  open(address: PartitionAddress, createdAtMicros: bigint): Promise<LocalPartition> {
    const existing = this.localPartitions.get(address.key);
    if (existing) return Promise.resolve(existing);
    const pending = this.#opening.get(address.key);
    if (pending) return pending;
    const opening = this.#openNow(address, createdAtMicros).finally(() => this.#opening.delete(address.key));
    this.#opening.set(address.key, opening);
    return opening;
  }

  async #openNow(address: PartitionAddress, createdAtMicros: bigint): Promise<LocalPartition> {
    const directory = this.partitionDirectory(address);
    const segment = this.config.system.segment;
    const log = await PartitionLog.open({
      directory,
      segmentSizeBytes: segment.size,
      enforceFsync: this.config.system.partition.enforce_fsync,
      cacheIndexes: segment.cache_indexes,
      validateChecksum: this.config.system.partition.validate_checksum,
    });
    const offsets = await ConsumerOffsetStore.open(directory);
    // Every partition gets its own deduplicator, also those created while the server runs
    // (Iggy 0.7 forgets these until the next restart).
    const dedup = this.config.system.message_deduplication;
    const deduplicator = dedup.enabled ? new MessageDeduplicator({ maxEntries: dedup.max_entries, expiryMs: dedup.expiry }) : null;
    const partition: LocalPartition = {
      address,
      directory,
      createdAtMicros,
      log,
      offsets,
      deduplicator,
      lastPolledByGroup: new Map(),
      groupGates: new Map(),
    };
    this.localPartitions.set(address.key, partition);
    this.logger.debug({ streamId: address.streamId, topicId: address.topicId, partitionId: address.partitionId, segmentsCount: log.segmentsCount, currentOffset: log.currentOffset }, 'partition opened');
    return partition;
  }

  /**
   * The partition, opened on first use if the metadata has it but this shard has not opened it
   * yet (at start-up another shard may already serve a client while this one is still loading).
   * A partition the metadata does not know is 3007.
   */
  async get(address: PartitionAddress): Promise<LocalPartition> {
    // After closeAll a late request is told the server is going away, not that the partition is gone.
    if (this.#closed) throw new IggyError(ErrorCode.Disconnected, 'server shutting down');
    const partition = this.localPartitions.get(address.key) ?? (await this.#opening.get(address.key));
    if (partition) return partition;
    // Only while this shard is still loading: afterwards every partition it owns is open or
    // arrives through initPartition, and a late request for a deleted one must not recreate it.
    const createdAtMicros = this.loading ? this.createdAtOf(address) : undefined;
    if (createdAtMicros === undefined) throw new IggyError(ErrorCode.PartitionNotFound, `partition ${address.partitionId}`);
    return this.open(address, createdAtMicros);
  }

  /**
   * Appends a batch. A pooled batch is stamped and written straight from shared memory, and its
   * slot is released exactly once, when the write has completed (or failed): the log keeps
   * unwritten batches by reference until then, and copies what a read takes from them.
   */
  async append(request: Req<'appendMessages'>): Promise<{ firstOffset: number; lastOffset: number }> {
    let slot = request.slot;
    try {
      const partition = await this.get(request);
      let messages = slot
        ? this.pool.viewOfRange(slot, request.slotByteOffset, request.byteLength)
        : Buffer.from(request.messages!.buffer, request.messages!.byteOffset, request.messages!.byteLength);
      let messagesCount = request.messagesCount;
      let insertedIds: string[] = [];
      if (partition.deduplicator) {
        // Before any offset is assigned, so survivors are numbered without gaps.
        const deduplicated = dropDuplicateMessages(messages, messagesCount, partition.deduplicator);
        ({ messages, messagesCount, insertedIds } = deduplicated);
        // All duplicates: the send succeeds and nothing is stored (0.7 meant this; it crashed).
        if (messagesCount === 0) return { firstOffset: partition.log.nextOffset, lastOffset: partition.log.nextOffset - 1 };
      }
      if (this.#encryptor) {
        // The one copy encryption needs: the section grows by 28 bytes per payload. The slot
        // is free as soon as its bytes are encrypted.
        messages = encryptMessagesSection(messages, messagesCount, this.#encryptor);
        if (slot) this.pool.release(slot);
        slot = null;
      }
      let result;
      try {
        result = await partition.log.append(messages, messagesCount);
      } catch (error) {
        // Not stored, so a retry with the same ids must not be dropped as a duplicate.
        partition.deduplicator?.forget(insertedIds);
        throw error;
      }
      return { firstOffset: result.firstOffset, lastOffset: result.lastOffset };
    } finally {
      if (slot) this.pool.release(slot);
    }
  }

  /**
   * A poll on the owner: the records are read straight into a pool slot (with room in front for
   * the response headers; an ordinary buffer only when the pool has none), which the answering
   * connection writes and then releases. No record is parsed into an object.
   */
  async poll(request: Req<'pollMessages'>): Promise<PollResult> {
    const partition = await this.get(request);
    const log = partition.log;
    const empty: PollResult = { partitionId: request.partitionId, currentOffset: log.currentOffset, count: 0, records: NO_POLLED_RECORDS };
    if (request.count === 0 || !log.hasMessages) return empty;
    if (!this.#passesGate(partition, request.consumer)) return empty;

    let region = null as PollRegion | null;
    const allocate = (byteLength: number): ReadTarget => {
      region = allocatePollRegion(this.pool, byteLength);
      return { buffer: region.region, at: POLL_RESPONSE_HEADROOM_BYTES };
    };
    let answered = false;
    try {
      let read: ReadIntoResult;
      const strategy = request.strategy;
      switch (strategy.kind) {
        case 'offset': {
          if (strategy.value > BigInt(log.currentOffset)) return empty;
          read = await log.readByOffsetInto(Number(strategy.value), request.count, POLL_BYTES_MAX, allocate);
          break;
        }
        case 'timestamp':
          read = await log.readByTimestampInto(strategy.value, request.count, POLL_BYTES_MAX, allocate);
          break;
        case 'first':
          read = await log.readByOffsetInto(log.firstOffset, request.count, POLL_BYTES_MAX, allocate);
          break;
        case 'last': {
          const current = log.currentOffset;
          const start = current + 1 - Math.min(request.count, current + 1);
          read = await log.readByOffsetInto(Math.max(start, log.firstOffset), request.count, POLL_BYTES_MAX, allocate);
          break;
        }
        case 'next': {
          const stored = partition.offsets.get(offsetKind(request.consumer), request.consumer.id);
          const start = stored === undefined ? log.firstOffset : stored + 1;
          if (start > log.currentOffset) return empty;
          read = await log.readByOffsetInto(Math.max(start, log.firstOffset), request.count, POLL_BYTES_MAX, allocate);
          break;
        }
      }
      if (read.count === 0 || region === null) return empty;
      const filled: PollRegion = region;
      if (request.consumer.kind === 'group') partition.lastPolledByGroup.set(request.consumer.id, read.lastOffset);
      if (request.autoCommit) {
        await partition.offsets.store(offsetKind(request.consumer), request.consumer.id, read.lastOffset);
      }
      let { count, byteLength } = read;
      if (this.#encryptor) {
        ({ count, byteLength } = decryptRecordsInPlace(filled.region, POLL_RESPONSE_HEADROOM_BYTES, byteLength, this.#encryptor, this.logger));
        if (count === 0) return empty;
      }
      answered = true;
      return { partitionId: request.partitionId, currentOffset: log.currentOffset, count, records: polledRecordsOf(filled, byteLength) };
    } finally {
      // Nothing found after all, or the read, its verification or the auto-commit failed.
      if (!answered && region !== null) releasePolledSlot(this.pool, region);
    }
  }

  async getConsumerOffset(request: Req<'getConsumerOffset'>): Promise<{ currentOffset: number; storedOffset: number } | null> {
    const partition = await this.get(request);
    const stored = partition.offsets.get(offsetKind(request.consumer), request.consumer.id);
    if (stored === undefined) return null;
    // Iggy reports messages_count − 1 here (0 when empty); we report the partition's last
    // offset, which is the same value until segments are deleted or purged.
    return { currentOffset: partition.log.currentOffset, storedOffset: stored };
  }

  async storeConsumerOffset(request: Req<'storeConsumerOffset'>): Promise<null> {
    const partition = await this.get(request);
    // A member whose copy of the assignment is behind may not commit a partition handed over.
    if (!this.#passesGate(partition, request.consumer)) throw new IggyError(ErrorCode.NotResolvedConsumer);
    await partition.offsets.store(offsetKind(request.consumer), request.consumer.id, request.offset);
    return null;
  }

  async deleteConsumerOffset(request: Req<'deleteConsumerOffset'>): Promise<null> {
    const partition = await this.get(request);
    if (!this.#passesGate(partition, request.consumer)) throw new IggyError(ErrorCode.NotResolvedConsumer);
    const deleted = await partition.offsets.delete(offsetKind(request.consumer), request.consumer.id);
    if (!deleted) throw new IggyError(ErrorCode.ConsumerOffsetNotFound);
    return null;
  }

  async deleteGroupOffsets(request: Req<'deleteGroupOffsets'>): Promise<null> {
    const partition = this.localPartitions.get(request.key);
    if (partition) {
      partition.lastPolledByGroup.delete(request.groupId);
      partition.groupGates.delete(request.groupId);
      await partition.offsets.delete('group', request.groupId);
    }
    return null;
  }

  /** The control plane moves a group's gate to the partition's (new) holder, or clears it. */
  setGroupGate(request: Req<'setGroupGate'>): null {
    const partition = this.localPartitions.get(request.key);
    if (!partition) return null;
    if (request.memberKey === null) partition.groupGates.delete(request.groupId);
    else partition.groupGates.set(request.groupId, request.memberKey);
    return null;
  }

  /**
   * Hands a revoked partition to its new holder if the group has committed everything the old
   * holder was served (or `force`, after the rebalancing timeout). Runs on the owner's thread, so
   * no poll can interleave between the check and the gate change.
   */
  handOverGroupPartition(request: Req<'handOverGroupPartition'>): boolean {
    const partition = this.localPartitions.get(request.key);
    if (!partition) return true;
    const gate = partition.groupGates.get(request.groupId);
    if (gate !== undefined && gate !== request.fromMemberKey && gate !== request.toMemberKey) return false;
    if (!request.force) {
      const lastPolled = partition.lastPolledByGroup.get(request.groupId);
      const stored = partition.offsets.get('group', request.groupId);
      if (lastPolled !== undefined && (stored === undefined || stored < lastPolled)) return false;
    }
    partition.groupGates.set(request.groupId, request.toMemberKey);
    return true;
  }

  #passesGate(partition: LocalPartition, consumer: PollingConsumer): boolean {
    if (consumer.kind !== 'group' || consumer.memberKey === undefined) return true;
    const gate = partition.groupGates.get(consumer.id);
    return gate === undefined || gate === consumer.memberKey;
  }

  async flush(request: Req<'flushPartition'>): Promise<null> {
    const partition = await this.get(request);
    await partition.log.flush(request.fsync);
    return null;
  }

  async deleteSegments(request: Req<'deleteSegments'>): Promise<{ deletedSegmentsCount: number }> {
    const partition = await this.get(request);
    // Never delete what a consumer has not yet committed past (Iggy's consumer barrier).
    const deletedSegmentsCount = await partition.log.deleteOldestSegments(request.segmentsCount, partition.offsets.minOffset());
    return { deletedSegmentsCount };
  }

  async purge(request: Req<'purgePartition'>): Promise<null> {
    const partition = await this.get(request);
    await partition.log.purge();
    await partition.offsets.clear();
    partition.lastPolledByGroup.clear();
    return null;
  }

  /** Closes the partition and removes its directory. Unknown partitions are a no-op. */
  async delete(request: Req<'deletePartition'>): Promise<null> {
    const partition = this.localPartitions.get(request.key) ?? (await this.#opening.get(request.key)?.catch(() => undefined));
    this.localPartitions.delete(request.key);
    if (partition) await partition.log.destroy();
    await rm(this.partitionDirectory(request), { recursive: true, force: true });
    return null;
  }

  stats(streamId: number | null, topicId: number | null): PartitionStatsEntry[] {
    const out: PartitionStatsEntry[] = [];
    for (const partition of this.localPartitions.values()) {
      const a = partition.address;
      if (streamId !== null && a.streamId !== streamId) continue;
      if (topicId !== null && a.topicId !== topicId) continue;
      out.push({
        ...a,
        messagesCount: partition.log.messagesCount,
        sizeBytes: partition.log.sizeBytes,
        segmentsCount: partition.log.segmentsCount,
        currentOffset: partition.log.currentOffset,
        createdAtMicros: partition.createdAtMicros,
      });
    }
    return out;
  }

  async closeAll(): Promise<void> {
    this.#closed = true;
    const partitions = [...this.localPartitions.values()];
    this.localPartitions.clear();
    for (const partition of partitions) {
      try {
        await partition.log.flush(true);
        await partition.log.close();
      } catch (error) {
        this.logger.error({ err: error, directory: partition.directory }, 'failed to close partition');
      }
    }
  }
}

function offsetKind(consumer: PollingConsumer): 'consumer' | 'group' {
  return consumer.kind;
}
