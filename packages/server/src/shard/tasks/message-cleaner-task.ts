/**
 * Retention ([data_maintenance.messages], Iggy's message_cleaner): every `interval`, each shard
 * cleans the partitions it owns.
 *
 * - Expiry: sealed segments whose newest message is older than the topic's message_expiry are
 *   deleted (never the active segment).
 * - Size: while the topic (all partitions, all shards) is at or above 90 % of its max_size, the
 *   oldest sealed segment among this shard's partitions of the topic is deleted — the partition
 *   with the most sealed bytes first (Iggy picks by a start timestamp it only knows for first
 *   segments). The total is gathered from every shard once per round and decreased by what this
 *   shard deleted, so shards do not all chase the same stale total.
 *
 * Archiving (system.segment.archive_expired): each segment is first copied to [system.backup]
 * (a directory or an S3 bucket) and verified; if that fails the segment stays, this partition
 * is skipped for the round, and the next round tries again.
 *
 * Runs on: every shard, over its own partitions (the owner is the only writer of their files).
 */
import { basename, relative, sep } from 'node:path';
import { U64_MAX } from '@iggy-node/protocol';
import type { Logger } from 'pino';
import { createSegmentArchiver } from '../../archive/create-segment-archiver.js';
import type { SegmentArchiver } from '../../archive/segment-archiver.js';
import type { BeforeSegmentDelete } from '../../storage/partition-log.js';
import type { LocalPartition } from '../local-partition.js';
import type { Shard } from '../shard.js';
import { gatherPartitionStats } from '../system/record-views.js';

/** Iggy cleans down to 90 % of max_size (integer math max * 9 / 10). */
const SIZE_THRESHOLD_NUMERATOR = 9n;
const SIZE_THRESHOLD_DENOMINATOR = 10n;

export class MessageCleanerTask {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  readonly #archiver: SegmentArchiver | null;

  constructor(
    private readonly shard: Shard,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {
    this.#archiver = createSegmentArchiver(shard.config);
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      if (this.#running) return; // a slow round is not overlapped by the next
      this.#running = this.clean()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.warn({ err: error }, 'message cleaner failed'))
        .finally(() => (this.#running = null));
    }, this.intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.#running;
  }

  /** One round; returns how many segments were deleted. */
  async clean(): Promise<number> {
    const byTopic = new Map<string, LocalPartition[]>();
    for (const partition of this.shard.partitions.localPartitions.values()) {
      const key = `${partition.address.streamId}/${partition.address.topicId}`;
      const list = byTopic.get(key);
      if (list) list.push(partition);
      else byTopic.set(key, [partition]);
    }
    let deleted = 0;
    const nowMicros = BigInt(Date.now()) * 1000n;
    for (const partitions of byTopic.values()) {
      const { streamId, topicId } = partitions[0]!.address;
      const topic = this.shard.metadata.findTopic(streamId, topicId);
      if (!topic) continue;
      if (topic.messageExpiryMicros !== U64_MAX && topic.messageExpiryMicros > 0n) {
        for (const partition of partitions) {
          try {
            deleted += await partition.log.deleteExpiredSegments(nowMicros, topic.messageExpiryMicros, this.#beforeDelete(partition));
          } catch (error) {
            this.#archiveFailed(partition, error);
          }
        }
      }
      if (topic.maxTopicSizeBytes !== U64_MAX && topic.maxTopicSizeBytes > 0n) {
        deleted += await this.#cleanBySize(partitions, streamId, topicId, topic.maxTopicSizeBytes);
      }
    }
    if (deleted > 0) this.logger.info({ deleted }, 'message cleaner: deleted segments');
    return deleted;
  }

  async #cleanBySize(partitions: LocalPartition[], streamId: number, topicId: number, maxSizeBytes: bigint): Promise<number> {
    const threshold = (maxSizeBytes * SIZE_THRESHOLD_NUMERATOR) / SIZE_THRESHOLD_DENOMINATOR;
    let total = 0n;
    for (const entry of (await gatherPartitionStats(this.shard, streamId, topicId)).values()) total += BigInt(entry.sizeBytes);
    let deleted = 0;
    while (total >= threshold) {
      const candidate = partitions
        .filter((p) => p.log.segmentsCount > 1 && p.log.sealedSegmentsSizeBytes > 0)
        .sort((a, b) => b.log.sealedSegmentsSizeBytes - a.log.sealedSegmentsSizeBytes)[0];
      if (!candidate) break;
      // Sealed bytes only: appends landing meanwhile grow the active segment, not what was freed.
      const sealedBefore = candidate.log.sealedSegmentsSizeBytes;
      try {
        if ((await candidate.log.deleteOldestSegments(1, undefined, this.#beforeDelete(candidate))) === 0) break;
      } catch (error) {
        this.#archiveFailed(candidate, error);
        break;
      }
      total -= BigInt(Math.max(0, sealedBefore - candidate.log.sealedSegmentsSizeBytes));
      deleted++;
    }
    return deleted;
  }

  /** Archives a segment before it is deleted, when archive_expired is on. */
  #beforeDelete(partition: LocalPartition): BeforeSegmentDelete | undefined {
    const archiver = this.#archiver;
    if (archiver === null) return undefined;
    const partitionKey = relative(this.shard.config.system.path, partition.directory).split(sep).join('/');
    return async (segment) => {
      const key = `${partitionKey}/${basename(segment.logPath, '.log')}`;
      await archiver.archive({ logPath: segment.logPath, indexPath: segment.indexPath, key });
      this.logger.info({ key, archive: archiver.description }, 'message cleaner: segment archived');
    };
  }

  #archiveFailed(partition: LocalPartition, error: unknown): void {
    this.logger.warn(
      { err: error, directory: partition.directory, archive: this.#archiver?.description },
      'message cleaner: archiving a segment failed; it is kept and retried next round',
    );
  }
}
