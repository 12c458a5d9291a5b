import type { Metadata } from '../metadata/metadata.js';
import type { MetadataCounts } from './shard-metrics-registry.js';

/** Counts of the metadata copy for metrics and stats; zeros before the first snapshot arrives. */
export function metadataCounts(metadata: Metadata | null): MetadataCounts {
  const counts: MetadataCounts = { streams: 0, topics: 0, partitions: 0, users: 0, consumerGroups: 0, topicList: [] };
  if (!metadata) return counts;
  counts.streams = metadata.streams.size;
  counts.users = metadata.users.size;
  const streams = [...metadata.streams.values()].sort((a, b) => a.id - b.id);
  for (const stream of streams) {
    const topics = [...stream.topics.values()].sort((a, b) => a.id - b.id);
    for (const topic of topics) {
      counts.topics++;
      counts.partitions += topic.partitions.length;
      counts.consumerGroups += topic.consumerGroups.size;
      counts.topicList.push({ streamId: stream.id, topicId: topic.id, stream: stream.name, topic: topic.name });
    }
  }
  return counts;
}
