/** Partition operations (Iggy shard/system/partitions.rs): add or remove a topic's last partitions. */
import type { CreatePartitionsRequest, DeletePartitionsRequest } from '@iggy-node/protocol';
import type { OperationContext } from './context.js';
import { runMetadataCommand } from './control-plane-call.js';
import { manageableTopic } from './topics.js';

export async function createPartitions(context: OperationContext, request: CreatePartitionsRequest): Promise<void> {
  const topic = manageableTopic(context, request.streamId, request.topicId);
  await runMetadataCommand(context, { kind: 'createPartitions', streamId: topic.streamId, topicId: topic.id, partitionsCount: request.partitionsCount });
}

export async function deletePartitions(context: OperationContext, request: DeletePartitionsRequest): Promise<void> {
  const topic = manageableTopic(context, request.streamId, request.topicId);
  await runMetadataCommand(context, { kind: 'deletePartitions', streamId: topic.streamId, topicId: topic.id, partitionsCount: request.partitionsCount });
}
