/** Segment operations (Iggy shard/system/segments.rs): delete a partition's oldest segments on its owner. */
import type { DeleteSegmentsRequest } from '@iggy-node/protocol';
import { partitionAddress } from '../../bus/namespace.js';
import type { OperationContext } from './context.js';
import { manageableTopic } from './topics.js';

export async function deleteSegments(context: OperationContext, request: DeleteSegmentsRequest): Promise<void> {
  const partition = context.shard.metadata.getPartition(request.streamId, request.topicId, request.partitionId);
  const topic = manageableTopic(context, request.streamId, request.topicId);
  await context.shard.bus.sendToPartitionOwner({ kind: 'deleteSegments', ...partitionAddress(topic.streamId, topic.id, partition.id), segmentsCount: request.segmentsCount });
}
