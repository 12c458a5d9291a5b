/**
 * The published view of every consumer group's members and assignments, as broadcast by the
 * control plane. Plain data: it crosses threads in a ShardEvent.
 */
import type { MemberAssignment } from './group-assignment.js';

export interface GroupMember extends MemberAssignment {
  clientId: number;
  /** The shard that holds the member's connection. */
  shardId: number;
}

export interface GroupState {
  streamId: number;
  topicId: number;
  groupId: number;
  members: GroupMember[];
}

/** Key of a group: stream, topic and group id, each below 2^12 (ids are bounded by limits.ts). */
export function groupKey(streamId: number, topicId: number, groupId: number): string {
  return `${streamId}/${topicId}/${groupId}`;
}

/** Key of a member connection's round-robin cursor on its shard (Shard.groupCursors). */
export function groupCursorKey(key: string, clientId: number): string {
  return `${key}#${clientId}`;
}

export type GroupStateTable = Map<string, GroupState>;

export function findMember(group: GroupState | undefined, clientId: number, shardId: number): GroupMember | undefined {
  return group?.members.find((m) => m.clientId === clientId && m.shardId === shardId);
}

/** Identity of a member connection across shards: the gate value partition owners compare. */
export function memberKeyOf(member: { clientId: number; shardId: number }): string {
  return `${member.clientId}@${member.shardId}`;
}
