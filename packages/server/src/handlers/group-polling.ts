/**
 * Which partition a consumer-group member polls. Until cooperative group membership lands
 * (consumer-group issue), a group consumer must name the partition explicitly, or gets
 * partition 0; membership is not checked yet.
 */
import type { TopicMeta } from '../metadata/metadata-model.js';
import type { Session } from '../session/session.js';
import type { Shard } from '../shard/shard.js';
import { resolvePartitionId } from './consumer-resolution.js';

export function resolveGroupPollPartition(_shard: Shard, _session: Session, topic: TopicMeta, _groupId: number, partitionId: number | null): number | null {
  if (topic.partitions.length === 0) return null;
  return resolvePartitionId(topic, partitionId);
}
