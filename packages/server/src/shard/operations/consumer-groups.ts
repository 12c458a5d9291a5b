/**
 * Consumer group operations (Iggy shard/system/consumer_groups.rs). Definitions are metadata
 * (control plane, persisted); membership is live state owned by the control plane's
 * ConsumerGroupCoordinator and mirrored on every shard.
 */
import type {
  ConsumerGroupDetails,
  ConsumerGroupRecord,
  CreateConsumerGroupRequest,
  DeleteConsumerGroupRequest,
  GetConsumerGroupRequest,
  GetConsumerGroupsRequest,
  Identifier,
  JoinConsumerGroupRequest,
  LeaveConsumerGroupRequest,
} from '@iggy-node/protocol';
import { assertAllowed } from '../../auth/permissioner.js';
import { groupCursorKey, groupKey } from '../../consumer-groups/group-membership.js';
import type { ConsumerGroupMeta, TopicMeta } from '../../metadata/metadata-model.js';
import { callerId, type OperationContext, type ShardServices } from './context.js';
import { runMetadataCommand } from './control-plane-call.js';

function groupDetails(shard: ShardServices, topic: TopicMeta, group: ConsumerGroupMeta): ConsumerGroupDetails {
  const state = shard.groupMembership.get(groupKey(topic.streamId, topic.id, group.id));
  const members = (state?.members ?? []).map((m) => ({ id: m.memberId, partitions: [...m.partitions] }));
  return { id: group.id, name: group.name, partitionsCount: topic.partitions.length, membersCount: members.length, members };
}

/** An existing group of an existing topic the caller may read (2010, 5000, 41 otherwise). */
function readableGroup(context: OperationContext, streamId: Identifier, topicId: Identifier, groupId: Identifier): { topic: TopicMeta; group: ConsumerGroupMeta } {
  const { metadata } = context.shard;
  const topic = metadata.getTopic(streamId, topicId);
  const group = metadata.getConsumerGroup(topic.streamId, topic.id, groupId);
  assertAllowed(metadata, callerId(context), 'readTopic', topic.streamId, topic.id);
  return { topic, group };
}

/** null when the topic or group does not exist. */
export function getConsumerGroup(context: OperationContext, request: GetConsumerGroupRequest): ConsumerGroupDetails | null {
  const { shard } = context;
  const topic = shard.metadata.findTopic(request.streamId, request.topicId);
  if (!topic) return null;
  const group = shard.metadata.findConsumerGroup(topic.streamId, topic.id, request.groupId);
  if (!group) return null;
  assertAllowed(shard.metadata, callerId(context), 'readTopic', topic.streamId, topic.id);
  return groupDetails(shard, topic, group);
}

/** null when the topic does not exist. */
export function getConsumerGroups(context: OperationContext, request: GetConsumerGroupsRequest): ConsumerGroupRecord[] | null {
  const { shard } = context;
  const topic = shard.metadata.findTopic(request.streamId, request.topicId);
  if (!topic) return null;
  assertAllowed(shard.metadata, callerId(context), 'readTopic', topic.streamId, topic.id);
  return [...topic.consumerGroups.values()].map((group) => groupDetails(shard, topic, group));
}

export async function createConsumerGroup(context: OperationContext, request: CreateConsumerGroupRequest): Promise<ConsumerGroupRecord> {
  const { shard } = context;
  const topic = shard.metadata.getTopic(request.streamId, request.topicId);
  assertAllowed(shard.metadata, callerId(context), 'readTopic', topic.streamId, topic.id);
  const result = await runMetadataCommand(context, { kind: 'createConsumerGroup', streamId: topic.streamId, topicId: topic.id, name: request.name });
  const group = shard.metadata.getConsumerGroup(topic.streamId, topic.id, result.groupId!);
  return groupDetails(shard, shard.metadata.getTopic(topic.streamId, topic.id), group);
}

export async function deleteConsumerGroup(context: OperationContext, request: DeleteConsumerGroupRequest): Promise<void> {
  const { topic, group } = readableGroup(context, request.streamId, request.topicId, request.groupId);
  await runMetadataCommand(context, { kind: 'deleteConsumerGroup', streamId: topic.streamId, topicId: topic.id, groupId: group.id });
}

/** The caller's connection (its session) becomes a member. */
export async function joinConsumerGroup(context: OperationContext, request: JoinConsumerGroupRequest): Promise<void> {
  const { shard, session } = context;
  const { topic, group } = readableGroup(context, request.streamId, request.topicId, request.groupId);
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
}

export async function leaveConsumerGroup(context: OperationContext, request: LeaveConsumerGroupRequest): Promise<void> {
  const { shard, session } = context;
  const { topic, group } = readableGroup(context, request.streamId, request.topicId, request.groupId);
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
}
