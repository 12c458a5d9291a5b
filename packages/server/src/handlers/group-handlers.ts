/**
 * GetConsumerGroup, GetConsumerGroups, CreateConsumerGroup, DeleteConsumerGroup,
 * JoinConsumerGroup, LeaveConsumerGroup (Iggy binary/handlers/consumer_groups). Definitions
 * are metadata (control plane, persisted); membership is live state owned by the control
 * plane's ConsumerGroupCoordinator and mirrored on every shard.
 */
import {
  BufferWriter,
  CommandCode,
  decodeCreateConsumerGroupRequest,
  decodeDeleteConsumerGroupRequest,
  decodeGetConsumerGroupRequest,
  decodeGetConsumerGroupsRequest,
  decodeJoinConsumerGroupRequest,
  decodeLeaveConsumerGroupRequest,
  encodeConsumerGroupDetails,
  encodeConsumerGroupRecord,
  writeConsumerGroupRecord,
  type ConsumerGroupDetails,
  type Identifier,
} from '@iggy-node/protocol';
import { assertAllowed } from '../auth/permissioner.js';
import { groupCursorKey, groupKey } from '../consumer-groups/group-membership.js';
import type { ConsumerGroupMeta, TopicMeta } from '../metadata/metadata-model.js';
import type { Shard } from '../shard/shard.js';
import type { HandlerRegistration } from './command-dispatcher.js';

function groupDetails(shard: Shard, topic: TopicMeta, group: ConsumerGroupMeta): ConsumerGroupDetails {
  const state = shard.groupMembership.get(groupKey(topic.streamId, topic.id, group.id));
  const members = (state?.members ?? []).map((m) => ({ id: m.memberId, partitions: [...m.partitions] }));
  return { id: group.id, name: group.name, partitionsCount: topic.partitions.length, membersCount: members.length, members };
}

/** An existing group of an existing topic the caller may read (2010, 5000, 41 otherwise). */
function readableGroup(shard: Shard, userId: number, streamId: Identifier, topicId: Identifier, groupId: Identifier): { topic: TopicMeta; group: ConsumerGroupMeta } {
  const topic = shard.metadata.getTopic(streamId, topicId);
  const group = shard.metadata.getConsumerGroup(topic.streamId, topic.id, groupId);
  assertAllowed(shard.metadata, userId, 'readTopic', topic.streamId, topic.id);
  return { topic, group };
}

export function groupHandlers(): HandlerRegistration[] {
  return [
    {
      code: CommandCode.GetConsumerGroup,
      requiresAuthentication: true,
      handler: ({ shard, session }, payload) => {
        const { streamId, topicId, groupId } = decodeGetConsumerGroupRequest(payload);
        const topic = shard.metadata.findTopic(streamId, topicId);
        if (!topic) return null;
        const group = shard.metadata.findConsumerGroup(topic.streamId, topic.id, groupId);
        if (!group) return null;
        assertAllowed(shard.metadata, session.userId!, 'readTopic', topic.streamId, topic.id);
        return encodeConsumerGroupDetails(groupDetails(shard, topic, group));
      },
    },
    {
      code: CommandCode.GetConsumerGroups,
      requiresAuthentication: true,
      handler: ({ shard, session }, payload) => {
        const { streamId, topicId } = decodeGetConsumerGroupsRequest(payload);
        const topic = shard.metadata.findTopic(streamId, topicId);
        if (!topic) return null;
        assertAllowed(shard.metadata, session.userId!, 'readTopic', topic.streamId, topic.id);
        const writer = new BufferWriter(256);
        for (const group of topic.consumerGroups.values()) writeConsumerGroupRecord(writer, groupDetails(shard, topic, group));
        return writer.length === 0 ? null : writer.view();
      },
    },
    {
      code: CommandCode.CreateConsumerGroup,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId, topicId, name } = decodeCreateConsumerGroupRequest(payload);
        const topic = shard.metadata.getTopic(streamId, topicId);
        assertAllowed(shard.metadata, session.userId!, 'readTopic', topic.streamId, topic.id);
        const result = await shard.bus.sendToControlPlane({
          kind: 'metadataCommand',
          userId: session.userId!,
          command: { kind: 'createConsumerGroup', streamId: topic.streamId, topicId: topic.id, name },
        });
        const group = shard.metadata.getConsumerGroup(topic.streamId, topic.id, result.groupId!);
        return encodeConsumerGroupRecord(groupDetails(shard, shard.metadata.getTopic(topic.streamId, topic.id), group));
      },
    },
    {
      code: CommandCode.DeleteConsumerGroup,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId, topicId, groupId } = decodeDeleteConsumerGroupRequest(payload);
        const { topic, group } = readableGroup(shard, session.userId!, streamId, topicId, groupId);
        await shard.bus.sendToControlPlane({
          kind: 'metadataCommand',
          userId: session.userId!,
          command: { kind: 'deleteConsumerGroup', streamId: topic.streamId, topicId: topic.id, groupId: group.id },
        });
        return null;
      },
    },
    {
      code: CommandCode.JoinConsumerGroup,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId, topicId, groupId } = decodeJoinConsumerGroupRequest(payload);
        const { topic, group } = readableGroup(shard, session.userId!, streamId, topicId, groupId);
        session.joinsInFlight++;
        try {
          await shard.bus.sendToControlPlane({
            kind: 'joinConsumerGroup',
            streamId: topic.streamId,
            topicId: topic.id,
            groupId: group.id,
            clientId: session.clientId,
            shardId: shard.id,
          });
        } catch (error) {
          session.groupJoinUncertain = true;
          throw error;
        } finally {
          session.joinsInFlight--;
        }
        const already = session.joinedGroups.some((g) => g.streamId === topic.streamId && g.topicId === topic.id && g.groupId === group.id);
        if (!already) session.joinedGroups.push({ streamId: topic.streamId, topicId: topic.id, groupId: group.id });
        return null;
      },
    },
    {
      code: CommandCode.LeaveConsumerGroup,
      requiresAuthentication: true,
      handler: async ({ shard, session }, payload) => {
        const { streamId, topicId, groupId } = decodeLeaveConsumerGroupRequest(payload);
        const { topic, group } = readableGroup(shard, session.userId!, streamId, topicId, groupId);
        await shard.bus.sendToControlPlane({
          kind: 'leaveConsumerGroup',
          streamId: topic.streamId,
          topicId: topic.id,
          groupId: group.id,
          clientId: session.clientId,
          shardId: shard.id,
        });
        const index = session.joinedGroups.findIndex((g) => g.streamId === topic.streamId && g.topicId === topic.id && g.groupId === group.id);
        if (index >= 0) session.joinedGroups.splice(index, 1);
        shard.groupCursors.delete(groupCursorKey(groupKey(topic.streamId, topic.id, group.id), session.clientId));
        return null;
      },
    },
  ];
}
