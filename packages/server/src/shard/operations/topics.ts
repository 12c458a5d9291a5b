/**
 * Topic operations (Iggy shard/system/topics.rs): reads from the local metadata copy plus
 * gathered partition statistics; changes through the control plane.
 */
import type {
  CreateTopicRequest,
  DeleteTopicRequest,
  GetTopicRequest,
  GetTopicsRequest,
  Identifier,
  PurgeTopicRequest,
  TopicDetails,
  TopicRecord,
  UpdateTopicRequest,
} from '@iggy-node/protocol';
import { assertAllowed } from '../../auth/permissioner.js';
import type { TopicMeta } from '../../metadata/metadata-model.js';
import { gatherPartitionStats, partitionRecords, topicRecord, type StatsByKey } from '../system/record-views.js';
import { callerId, type OperationContext } from './context.js';
import { runMetadataCommand } from './control-plane-call.js';

function topicDetails(topic: TopicMeta, stats: StatsByKey): TopicDetails {
  return { ...topicRecord(topic, stats), partitions: partitionRecords(topic, stats) };
}

/** An existing topic (1009/2010) the caller may manage (41). */
export function manageableTopic(context: OperationContext, streamId: Identifier, topicId: Identifier): TopicMeta {
  const topic = context.shard.metadata.getTopic(streamId, topicId);
  assertAllowed(context.shard.metadata, callerId(context), 'manageTopic', topic.streamId, topic.id);
  return topic;
}

/** null when the stream or topic does not exist. */
export async function getTopic(context: OperationContext, request: GetTopicRequest): Promise<TopicDetails | null> {
  const { shard } = context;
  const topic = shard.metadata.findTopic(request.streamId, request.topicId);
  if (!topic) return null;
  assertAllowed(shard.metadata, callerId(context), 'readTopic', topic.streamId, topic.id);
  return topicDetails(topic, await gatherPartitionStats(shard, topic.streamId, topic.id));
}

/** null when the stream does not exist. */
export async function getTopics(context: OperationContext, request: GetTopicsRequest): Promise<TopicRecord[] | null> {
  const { shard } = context;
  const stream = shard.metadata.findStream(request.streamId);
  if (!stream) return null;
  assertAllowed(shard.metadata, callerId(context), 'getTopics', stream.id);
  const stats = await gatherPartitionStats(shard, stream.id, null);
  return [...stream.topics.values()].map((topic) => topicRecord(topic, stats));
}

export async function createTopic(context: OperationContext, request: CreateTopicRequest): Promise<TopicDetails> {
  const { shard } = context;
  const stream = shard.metadata.getStream(request.streamId);
  assertAllowed(shard.metadata, callerId(context), 'createTopic', stream.id);
  const result = await runMetadataCommand(context, {
    kind: 'createTopic',
    streamId: stream.id,
    params: {
      name: request.name,
      partitionsCount: request.partitionsCount,
      compression: request.compressionAlgorithm,
      messageExpiryMicros: request.messageExpiry,
      maxTopicSizeBytes: request.maxTopicSize,
      replicationFactor: request.replicationFactor,
    },
  });
  return topicDetails(shard.metadata.getTopic(stream.id, result.topicId!), new Map());
}

export async function updateTopic(context: OperationContext, request: UpdateTopicRequest): Promise<void> {
  const topic = manageableTopic(context, request.streamId, request.topicId);
  await runMetadataCommand(context, {
    kind: 'updateTopic',
    streamId: topic.streamId,
    topicId: topic.id,
    params: {
      name: request.name,
      compression: request.compressionAlgorithm,
      messageExpiryMicros: request.messageExpiry,
      maxTopicSizeBytes: request.maxTopicSize,
      replicationFactor: request.replicationFactor,
    },
  });
}

export async function deleteTopic(context: OperationContext, request: DeleteTopicRequest): Promise<void> {
  const topic = manageableTopic(context, request.streamId, request.topicId);
  await runMetadataCommand(context, { kind: 'deleteTopic', streamId: topic.streamId, topicId: topic.id });
}

export async function purgeTopic(context: OperationContext, request: PurgeTopicRequest): Promise<void> {
  const topic = manageableTopic(context, request.streamId, request.topicId);
  await runMetadataCommand(context, { kind: 'purgeTopic', streamId: topic.streamId, topicId: topic.id });
}
