/**
 * Consumer-group membership and partition assignment (Iggy shard/system/consumer_groups.rs).
 * Members are live connections, never persisted. The coordinator lives on the control plane so
 * one thread decides every assignment; each change is broadcast to all shards, which serve
 * group polls from their copy without a round trip.
 *
 * A partition moving between live members stays "revoking" until the group's stored offset on
 * it has reached what its previous owner was served (asked of the partition's owner shard), or
 * `consumer_group.rebalancing_timeout` passes; both are checked every
 * `consumer_group.rebalancing_check_interval` and right after a commit on a revoking partition.
 *
 * Runs on: the control-plane shard only.
 */
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import type { Shard } from '../shard/shard.js';
import { partitionAddress } from '../shard/shard.js';
import { completeRevocation, rebalance } from './group-assignment.js';
import { groupKey, type GroupMember, type GroupState, type GroupStateTable } from './group-membership.js';
import { clearPoll, mayBePolling, memberFenceKey } from './poll-fence.js';

export class ConsumerGroupCoordinator {
  readonly #groups: GroupStateTable = new Map();
  #version = 0;
  #timer: NodeJS.Timeout | null = null;
  #checking = false;

  constructor(private readonly shard: Shard) {}

  start(): void {
    const intervalMs = this.shard.config.consumer_group.rebalancing_check_interval;
    this.#timer = setInterval(() => void this.checkRevocations(), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  join(streamId: number, topicId: number, groupId: number, clientId: number, shardId: number): void {
    const topic = this.shard.metadata.getTopic(streamId, topicId);
    if (!topic.consumerGroups.get(groupId)) throw new IggyError(ErrorCode.ConsumerGroupIdNotFound);
    const key = groupKey(streamId, topicId, groupId);
    let group = this.#groups.get(key);
    if (!group) {
      group = { streamId, topicId, groupId, members: [] };
      this.#groups.set(key, group);
    }
    if (group.members.some((m) => m.clientId === clientId && m.shardId === shardId)) return; // joining twice is a no-op
    const memberId = group.members.reduce((max, m) => Math.max(max, m.memberId + 1), 0);
    group.members.push({ memberId, clientId, shardId, partitions: [], revoking: [] });
    this.#rebalance(group, topic.partitions.length);
  }

  leave(streamId: number, topicId: number, groupId: number, clientId: number, shardId: number): void {
    const topic = this.shard.metadata.getTopic(streamId, topicId);
    if (!topic.consumerGroups.get(groupId)) throw new IggyError(ErrorCode.ConsumerGroupIdNotFound);
    const group = this.#groups.get(groupKey(streamId, topicId, groupId));
    const index = group?.members.findIndex((m) => m.clientId === clientId && m.shardId === shardId) ?? -1;
    if (!group || index < 0) throw new IggyError(ErrorCode.ConsumerGroupMemberNotFound);
    group.members.splice(index, 1);
    this.#rebalance(group, topic.partitions.length);
  }

  /** A connection closed (or was evicted): it leaves every group it was in. */
  clientGone(clientId: number, shardId: number): void {
    let changed = false;
    for (const group of this.#groups.values()) {
      if (shardId === this.shard.id) clearPoll(this.shard, memberFenceKey(groupKey(group.streamId, group.topicId, group.groupId), clientId));
      const before = group.members.length;
      group.members = group.members.filter((m) => !(m.clientId === clientId && m.shardId === shardId));
      if (group.members.length !== before) {
        const topic = this.shard.metadata.findTopic(group.streamId, group.topicId);
        this.#rebalance(group, topic?.partitions.length ?? 0, false);
        changed = true;
      }
    }
    if (changed) this.#publish();
  }

  /** Metadata changed (topic partitions added/removed, groups/topics/streams deleted). */
  onMetadataChanged(): void {
    let changed = false;
    for (const [key, group] of this.#groups) {
      const topic = this.shard.metadata.findTopic(group.streamId, group.topicId);
      if (!topic || !topic.consumerGroups.get(group.groupId)) {
        this.#groups.delete(key);
        changed = true;
        continue;
      }
      const count = topic.partitions.length;
      const assigned = group.members.reduce((n, m) => n + m.partitions.length + m.revoking.length, 0);
      const outOfRange = group.members.some((m) => m.partitions.some((p) => p >= count) || m.revoking.some((r) => r.partitionId >= count));
      if (assigned !== count || outOfRange) {
        this.#rebalance(group, count, false);
        changed = true;
      }
    }
    if (changed) this.#publish();
  }

  /** Completes revocations whose previous owner has committed, or that timed out. */
  async checkRevocations(): Promise<void> {
    if (this.#checking) return;
    this.#checking = true;
    try {
      const timeoutMs = this.shard.config.consumer_group.rebalancing_timeout;
      let changed = false;
      for (const group of this.#groups.values()) {
        for (const member of [...group.members]) {
          for (const revocation of [...member.revoking]) {
            let done = Date.now() - revocation.sinceMs >= timeoutMs;
            // The old owner's last poll of this partition may still be reading: what it gets
            // must be committable by it, so wait for its next request (poll-fence.ts). Members
            // on other shards are not fenced here (all connections are on this shard today).
            const fenced = member.shardId === this.shard.id && mayBePolling(this.shard, memberFenceKey(groupKey(group.streamId, group.topicId, group.groupId), member.clientId), revocation.partitionId);
            if (!done && !fenced) {
              const progress = await this.shard.bus.sendToPartitionOwner({
                kind: 'groupPartitionProgress',
                ...partitionAddress(group.streamId, group.topicId, revocation.partitionId),
                groupId: group.groupId,
              });
              done = progress.lastPolledOffset === null || (progress.storedOffset !== null && progress.storedOffset >= progress.lastPolledOffset);
            }
            if (done && completeRevocation(group.members, revocation.partitionId)) changed = true;
          }
        }
      }
      if (changed) this.#publish();
    } catch (error) {
      this.shard.logger.warn({ err: error }, 'consumer group revocation check failed');
    } finally {
      this.#checking = false;
    }
  }

  #rebalance(group: GroupState, partitionsCount: number, publish = true): void {
    const next = rebalance(group.members, partitionsCount, Date.now());
    const byId = new Map<number, GroupMember>(group.members.map((m) => [m.memberId, m]));
    group.members = next.map((assignment) => ({ ...byId.get(assignment.memberId)!, ...assignment }));
    if (publish) this.#publish();
    // Partitions never polled can move at once: find out without waiting for the timer.
    if (group.members.some((m) => m.revoking.length > 0)) setImmediate(() => void this.checkRevocations());
  }

  #publish(): void {
    this.#version++;
    this.shard.bus.broadcastToShards({ kind: 'groupMembership', version: this.#version, groups: structuredCloneTable(this.#groups) });
  }
}

function structuredCloneTable(table: GroupStateTable): GroupStateTable {
  return new Map([...table].map(([key, group]) => [key, { ...group, members: group.members.map((m) => ({ ...m, partitions: [...m.partitions], revoking: m.revoking.map((r) => ({ ...r })) })) }]));
}
