/**
 * GetTopic, GetTopics, CreateTopic, UpdateTopic, DeleteTopic, PurgeTopic, CreatePartitions,
 * DeletePartitions, DeleteSegments (Iggy binary/handlers/topics, partitions, segments).
 */
import {
  BufferWriter,
  CommandCode,
  decodeCreatePartitionsRequest,
  decodeCreateTopicRequest,
  decodeDeletePartitionsRequest,
  decodeDeleteSegmentsRequest,
  decodeDeleteTopicRequest,
  decodeGetTopicRequest,
  decodeGetTopicsRequest,
  decodePurgeTopicRequest,
  decodeUpdateTopicRequest,
  writePartitionRecord,
  writeTopicRecord,
} from '@iggy-node/protocol';
import { assertAllowed } from '../auth/permissioner.js';
import { gatherPartitionStats, partitionRecords, topicRecord } from '../shard/system/record-views.js';
import { partitionAddress } from '../shard/shard.js';
import type { TopicMeta } from '../metadata/metadata-model.js';
import type { StatsByKey } from '../shard/system/record-views.js';
import type { HandlerContext, HandlerRegistration } from './command-dispatcher.js';
import type { Identifier } from '@iggy-node/protocol';
import type { ControlPlaneCommand } from '../shard/metadata-commands.js';

type ManageTopicCommand = Extract<ControlPlaneCommand, { kind: 'deleteTopic' | 'purgeTopic' | 'createPartitions' | 'deletePartitions' }>;

/** Commands that need manage-topic rights on an existing topic and change it on the control plane. */
async function manageTopic(
  { shard, session }: HandlerContext,
  streamId: Identifier,
  topicId: Identifier,
  command: (topic: TopicMeta) => ManageTopicCommand,
): Promise<null> {
  const topic = shard.metadata.getTopic(streamId, topicId);
  assertAllowed(shard.metadata, session.userId!, 'manageTopic', topic.streamId, topic.id);
  await shard.bus.sendToControlPlane({ kind: 'metadataCommand', userId: session.userId!, command: command(topic) });
  return null;
}

function topicDetails(topic: TopicMeta, stats: StatsByKey): Buffer {
  const writer = new BufferWriter(256);
  writeTopicRecord(writer, topicRecord(topic, stats));
  for (const partition of partitionRecords(topic, stats)) writePartitionRecord(writer, partition);
  return writer.view();
}

export function topicHandlers(): HandlerRegistration[] {
  return [
    {
      code: CommandCode.GetTopic,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId, topicId } = decodeGetTopicRequest(payload);
        const topic = shard.metadata.findTopic(streamId, topicId);
        if (!topic) return null;
        assertAllowed(shard.metadata, session.userId!, 'readTopic', topic.streamId, topic.id);
        return topicDetails(topic, await gatherPartitionStats(shard, topic.streamId, topic.id));
      },
    },
    {
      code: CommandCode.GetTopics,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId } = decodeGetTopicsRequest(payload);
        const stream = shard.metadata.findStream(streamId);
        if (!stream) return null;
        assertAllowed(shard.metadata, session.userId!, 'getTopics', stream.id);
        const stats = await gatherPartitionStats(shard, stream.id, null);
        const writer = new BufferWriter(512);
        for (const topic of stream.topics.values()) writeTopicRecord(writer, topicRecord(topic, stats));
        return writer.length === 0 ? null : writer.view();
      },
    },
    {
      code: CommandCode.CreateTopic,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const request = decodeCreateTopicRequest(payload);
        const stream = shard.metadata.getStream(request.streamId);
        assertAllowed(shard.metadata, session.userId!, 'createTopic', stream.id);
        const result = await shard.bus.sendToControlPlane({
          kind: 'metadataCommand',
          userId: session.userId!,
          command: {
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
          },
        });
        const topic = shard.metadata.getTopic(stream.id, result.topicId!);
        return topicDetails(topic, new Map());
      },
    },
    {
      code: CommandCode.UpdateTopic,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const request = decodeUpdateTopicRequest(payload);
        const topic = shard.metadata.getTopic(request.streamId, request.topicId);
        assertAllowed(shard.metadata, session.userId!, 'manageTopic', topic.streamId, topic.id);
        await shard.bus.sendToControlPlane({
          kind: 'metadataCommand',
          userId: session.userId!,
          command: {
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
          },
        });
        return null;
      },
    },
    {
      code: CommandCode.DeleteTopic,
      requiresAuthentication: true,
      handler: (context, payload) => {
        const { streamId, topicId } = decodeDeleteTopicRequest(payload);
        return manageTopic(context, streamId, topicId, (topic) => ({ kind: 'deleteTopic', streamId: topic.streamId, topicId: topic.id }));
      },
    },
    {
      code: CommandCode.PurgeTopic,
      requiresAuthentication: true,
      handler: (context, payload) => {
        const { streamId, topicId } = decodePurgeTopicRequest(payload);
        return manageTopic(context, streamId, topicId, (topic) => ({ kind: 'purgeTopic', streamId: topic.streamId, topicId: topic.id }));
      },
    },
    {
      code: CommandCode.CreatePartitions,
      requiresAuthentication: true,
      handler: (context, payload) => {
        const { streamId, topicId, partitionsCount } = decodeCreatePartitionsRequest(payload);
        return manageTopic(context, streamId, topicId, (topic) => ({ kind: 'createPartitions', streamId: topic.streamId, topicId: topic.id, partitionsCount }));
      },
    },
    {
      code: CommandCode.DeletePartitions,
      requiresAuthentication: true,
      handler: (context, payload) => {
        const { streamId, topicId, partitionsCount } = decodeDeletePartitionsRequest(payload);
        return manageTopic(context, streamId, topicId, (topic) => ({ kind: 'deletePartitions', streamId: topic.streamId, topicId: topic.id, partitionsCount }));
      },
    },
    {
      code: CommandCode.DeleteSegments,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId, topicId, partitionId, segmentsCount } = decodeDeleteSegmentsRequest(payload);
        const partition = shard.metadata.getPartition(streamId, topicId, partitionId);
        const topic = shard.metadata.getTopic(streamId, topicId);
        assertAllowed(shard.metadata, session.userId!, 'manageTopic', topic.streamId, topic.id);
        await shard.bus.sendToPartitionOwner({ kind: 'deleteSegments', ...partitionAddress(topic.streamId, topic.id, partition.id), segmentsCount });
        return null;
      },
    },
  ];
}
