/**
 * Which partition a consumer-group member polls or commits (wire-protocol.md §14.7, §15.8),
 * served from this shard's copy of the group membership.
 *
 * Poll without a partition: the member's owned partitions (revoking ones excluded) in
 * round-robin, the cursor advancing on every poll. Poll with a partition the member does not
 * own: an empty result. Store/delete offset: the member must own the partition or be revoking
 * it (3022 otherwise); without a partition, the current round-robin partition (no advance).
 */
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import { findMember, groupCursorKey, groupKey, type GroupMember } from '../../consumer-groups/group-membership.js';
import type { TopicMeta } from '../../metadata/metadata-model.js';
import type { Session } from '../../session/session.js';
import type { ShardServices } from './context.js';

function memberOf(shard: ShardServices, session: Session, topic: TopicMeta, groupId: number): { member: GroupMember; cursorKey: string } {
  const key = groupKey(topic.streamId, topic.id, groupId);
  const member = findMember(shard.groupMembership.get(key), session.clientId, shard.id);
  if (!member) throw new IggyError(ErrorCode.ConsumerGroupMemberNotFound);
  return { member, cursorKey: groupCursorKey(key, session.clientId) };
}

/** The partition to poll, or null for "nothing assigned / not yours" (an empty poll result). */
export function resolveGroupPollPartition(shard: ShardServices, session: Session, topic: TopicMeta, groupId: number, partitionId: number | null): number | null {
  const { member, cursorKey } = memberOf(shard, session, topic, groupId);
  // The partition owner has the last word: it serves only the member holding the partition.
  return chooseGroupPollPartition(shard, topic, member, cursorKey, partitionId);
}

function chooseGroupPollPartition(shard: ShardServices, topic: TopicMeta, member: GroupMember, cursorKey: string, partitionId: number | null): number | null {
  if (partitionId !== null) {
    if (partitionId >= topic.partitions.length) throw new IggyError(ErrorCode.PartitionNotFound);
    // A partition being revoked from this member may still be polled by id, so the member can
    // finish (and commit) it and the hand-over completes without waiting for the timeout.
    const owned = member.partitions.includes(partitionId) || member.revoking.some((r) => r.partitionId === partitionId);
    return owned ? partitionId : null;
  }
  if (member.partitions.length === 0) return null;
  const cursor = shard.groupCursors.get(cursorKey) ?? 0;
  shard.groupCursors.set(cursorKey, (cursor + 1) % member.partitions.length);
  return member.partitions[cursor % member.partitions.length]!;
}

/** The partition a member stores or deletes a group offset for. */
export function resolveGroupCommitPartition(shard: ShardServices, session: Session, topic: TopicMeta, groupId: number, partitionId: number | null): number {
  const { member, cursorKey } = memberOf(shard, session, topic, groupId);
  if (partitionId !== null) {
    if (partitionId >= topic.partitions.length) throw new IggyError(ErrorCode.PartitionNotFound);
    const owned = member.partitions.includes(partitionId) || member.revoking.some((r) => r.partitionId === partitionId);
    if (!owned) throw new IggyError(ErrorCode.NotResolvedConsumer);
    return partitionId;
  }
  if (member.partitions.length === 0) throw new IggyError(ErrorCode.NotResolvedConsumer);
  // The partition the last poll used: the cursor already moved past it.
  const cursor = shard.groupCursors.get(cursorKey) ?? 0;
  const last = (cursor - 1 + member.partitions.length) % member.partitions.length;
  return member.partitions[last]!;
}

/** True when `partitionId` is being revoked from some member of the group (a commit may complete it). */
export function isRevoking(shard: ShardServices, topic: TopicMeta, groupId: number, partitionId: number): boolean {
  const state = shard.groupMembership.get(groupKey(topic.streamId, topic.id, groupId));
  return state?.members.some((m) => m.revoking.some((r) => r.partitionId === partitionId)) ?? false;
}
