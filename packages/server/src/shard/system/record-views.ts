/**
 * Builds the wire records (stream, topic, partition) from the local metadata copy plus the
 * partition statistics, which live on each partition's owner shard and are gathered over the
 * bus for the request at hand (never cached: a getter must show what was just sent).
 *
 * Runs on: the shard that serves the getter.
 */
import type { PartitionRecord, StreamRecord, TopicRecord } from '@iggy-node/protocol';
import type { PartitionStatsEntry } from '../../bus/shard-messages.js';
import type { StreamMeta, TopicMeta } from '../../metadata/metadata-model.js';
import { partitionKey } from '../../bus/namespace.js';
import type { ShardBus } from '../../bus/shard-bus.js';

export type StatsByKey = Map<number, PartitionStatsEntry>;

export async function gatherPartitionStats(shard: { readonly bus: ShardBus }, streamId: number | null, topicId: number | null): Promise<StatsByKey> {
  const answers = await shard.bus.sendToAllShards<'collectPartitionStats'>({ kind: 'collectPartitionStats', streamId, topicId });
  const byKey: StatsByKey = new Map();
  for (const entries of answers) for (const entry of entries) byKey.set(entry.key, entry);
  return byKey;
}

export function partitionRecords(topic: TopicMeta, stats: StatsByKey): PartitionRecord[] {
  return topic.partitions.map((partition) => {
    const entry = stats.get(partitionKey(topic.streamId, topic.id, partition.id));
    return {
      id: partition.id,
      createdAt: partition.createdAtMicros,
      segmentsCount: entry?.segmentsCount ?? 0,
      currentOffset: BigInt(entry?.currentOffset ?? 0),
      sizeBytes: BigInt(entry?.sizeBytes ?? 0),
      messagesCount: BigInt(entry?.messagesCount ?? 0),
    };
  });
}

export function topicRecord(topic: TopicMeta, stats: StatsByKey): TopicRecord {
  let sizeBytes = 0;
  let messagesCount = 0;
  for (const partition of topic.partitions) {
    const entry = stats.get(partitionKey(topic.streamId, topic.id, partition.id));
    sizeBytes += entry?.sizeBytes ?? 0;
    messagesCount += entry?.messagesCount ?? 0;
  }
  return {
    id: topic.id,
    createdAt: topic.createdAtMicros,
    partitionsCount: topic.partitions.length,
    messageExpiry: topic.messageExpiryMicros,
    compressionAlgorithm: topic.compression as TopicRecord['compressionAlgorithm'],
    maxTopicSize: topic.maxTopicSizeBytes,
    replicationFactor: topic.replicationFactor,
    sizeBytes: BigInt(sizeBytes),
    messagesCount: BigInt(messagesCount),
    name: topic.name,
  };
}

export function streamRecord(stream: StreamMeta, stats: StatsByKey): StreamRecord {
  let sizeBytes = 0n;
  let messagesCount = 0n;
  let topicsCount = 0;
  for (const topic of stream.topics.values()) {
    topicsCount++;
    const record = topicRecord(topic, stats);
    sizeBytes += record.sizeBytes;
    messagesCount += record.messagesCount;
  }
  return { id: stream.id, createdAt: stream.createdAtMicros, topicsCount, sizeBytes, messagesCount, name: stream.name };
}
