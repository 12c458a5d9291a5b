/**
 * Consumer-group membership and partition assignment (Iggy shard/system/consumer_groups.rs).
 * Members are live connections, never persisted. The coordinator lives on the control plane so
 * one thread decides every assignment; each change is broadcast to all shards, which serve
 * group polls from their copy without a round trip.
 *
 * The authority over who may read a partition for a group is a gate kept by the partition's
 * OWNER shard (shard/partition-system.ts): the member holding the partition. A member's shard may
 * act on a slightly old membership copy, but the owner serves (and accepts commits from) only the
 * gate's member. A partition moving between live members keeps its old holder's gate while it is
 * revoked; the hand-over is one request to the owner that moves the gate only if the group's
 * stored offset has reached what the old holder was served (or the timeout forced it). Because
 * the owner runs polls and that check on one thread, no poll can slip in between: nothing the
 * old holder was served can be served again to the new one.
 *
 * Revocations are checked every `consumer_group.rebalancing_check_interval`, right after a
 * commit on a revoking partition, and forced after `consumer_group.rebalancing_timeout`.
 *
 * Runs on: the control-plane shard only. All operations run one at a time through one queue.
 */
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import type { Shard } from '../shard/shard.js';
import { partitionAddress } from '../bus/namespace.js';
import { completeRevocation, rebalance } from './group-assignment.js';
import { groupKey, memberKeyOf, type GroupMember, type GroupState, type GroupStateTable } from './group-membership.js';

export class ConsumerGroupCoordinator {
  readonly #groups: GroupStateTable = new Map();
  /** The gate each partition's owner holds, per group key: partition id → member key. */
  readonly #gates = new Map<string, Map<number, string>>();
  #version = 0;
  #timer: NodeJS.Timeout | null = null;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly shard: Shard) {}

  start(): void {
    const intervalMs = this.shard.config.consumer_group.rebalancing_check_interval;
    this.#timer = setInterval(() => void this.checkRevocations().catch(() => undefined), intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  #run<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  join(streamId: number, topicId: number, groupId: number, clientId: number, shardId: number): Promise<void> {
    return this.#run(async () => {
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
      // Published even if a gate update fails: shards must see the state the coordinator holds.
      try {
        await this.#rebalance(group, topic.partitions.length);
      } finally {
        await this.#publish();
      }
    });
  }

  leave(streamId: number, topicId: number, groupId: number, clientId: number, shardId: number): Promise<void> {
    return this.#run(async () => {
      const topic = this.shard.metadata.getTopic(streamId, topicId);
      if (!topic.consumerGroups.get(groupId)) throw new IggyError(ErrorCode.ConsumerGroupIdNotFound);
      const group = this.#groups.get(groupKey(streamId, topicId, groupId));
      const index = group?.members.findIndex((m) => m.clientId === clientId && m.shardId === shardId) ?? -1;
      if (!group || index < 0) throw new IggyError(ErrorCode.ConsumerGroupMemberNotFound);
      group.members.splice(index, 1);
      try {
        await this.#rebalance(group, topic.partitions.length);
      } finally {
        await this.#publish();
      }
    });
  }

  /** A connection closed (or was evicted): it leaves every group it was in. */
  clientGone(clientId: number, shardId: number): Promise<void> {
    return this.#run(async () => {
      let changed = false;
      try {
        for (const group of this.#groups.values()) {
          const before = group.members.length;
          group.members = group.members.filter((m) => !(m.clientId === clientId && m.shardId === shardId));
          if (group.members.length === before) continue;
          changed = true;
          const topic = this.shard.metadata.findTopic(group.streamId, group.topicId);
          await this.#rebalance(group, topic?.partitions.length ?? 0);
        }
      } finally {
        if (changed) await this.#publish();
      }
    });
  }

  /** Metadata changed (topic partitions added/removed, groups/topics/streams deleted). */
  onMetadataChanged(): Promise<void> {
    return this.#run(async () => {
      let changed = false;
      for (const [key, group] of this.#groups) {
        const topic = this.shard.metadata.findTopic(group.streamId, group.topicId);
        if (!topic || !topic.consumerGroups.get(group.groupId)) {
          // The owners drop their gates with the group's offsets (deleteGroupOffsets) or the partition.
          this.#groups.delete(key);
          this.#gates.delete(key);
          changed = true;
          continue;
        }
        const count = topic.partitions.length;
        const assigned = group.members.reduce((n, m) => n + m.partitions.length + m.revoking.length, 0);
        const outOfRange = group.members.some((m) => m.partitions.some((p) => p >= count) || m.revoking.some((r) => r.partitionId >= count));
        if (assigned !== count || outOfRange) {
          await this.#rebalance(group, count);
          changed = true;
        }
      }
      if (changed) await this.#publish();
    });
  }

  /** Completes revocations whose previous holder has committed what it was served, or that timed out. */
  checkRevocations(): Promise<void> {
    return this.#run(async () => {
      const timeoutMs = this.shard.config.consumer_group.rebalancing_timeout;
      let changed = false;
      try {
      for (const group of this.#groups.values()) {
        const partitionsCount = this.shard.metadata.findTopic(group.streamId, group.topicId)?.partitions.length ?? 0;
        for (const member of [...group.members]) {
          for (const revocation of [...member.revoking]) {
            // A partition deleted meanwhile is dropped by the rebalance that follows the change.
            if (revocation.partitionId >= partitionsCount) continue;
            const target = group.members.find((m) => m.memberId === revocation.targetMemberId);
            if (!target) continue;
            const handedOver = await this.shard.bus.sendToPartitionOwner({
              kind: 'handOverGroupPartition',
              ...partitionAddress(group.streamId, group.topicId, revocation.partitionId),
              groupId: group.groupId,
              fromMemberKey: memberKeyOf(member),
              toMemberKey: memberKeyOf(target),
              force: Date.now() - revocation.sinceMs >= timeoutMs,
            });
            if (!handedOver) continue;
            this.#gatesOf(group).set(revocation.partitionId, memberKeyOf(target));
            if (completeRevocation(group.members, revocation.partitionId)) changed = true;
          }
        }
      }
      } finally {
        // Hand-overs already made on the owners are published even if a later one failed.
        if (changed) await this.#publish();
      }
    });
  }

  #gatesOf(group: GroupState): Map<number, string> {
    const key = groupKey(group.streamId, group.topicId, group.groupId);
    let gates = this.#gates.get(key);
    if (!gates) {
      gates = new Map();
      this.#gates.set(key, gates);
    }
    return gates;
  }

  /**
   * Computes the next assignment, then moves the owners' gates to each partition's holder where
   * it changed (a revoking partition stays with its old holder), before anyone is told.
   */
  async #rebalance(group: GroupState, partitionsCount: number): Promise<void> {
    const next = rebalance(group.members, partitionsCount, Date.now());
    const byId = new Map<number, GroupMember>(group.members.map((m) => [m.memberId, m]));
    group.members = next.map((assignment) => ({ ...byId.get(assignment.memberId)!, ...assignment }));
    const holders = new Map<number, string>();
    for (const member of group.members) {
      for (const partitionId of member.partitions) holders.set(partitionId, memberKeyOf(member));
      for (const revocation of member.revoking) holders.set(revocation.partitionId, memberKeyOf(member));
    }
    const gates = this.#gatesOf(group);
    const updates: Promise<unknown>[] = [];
    for (let partitionId = 0; partitionId < partitionsCount; partitionId++) {
      const holder = holders.get(partitionId) ?? null;
      if (gates.has(partitionId) && gates.get(partitionId) === (holder ?? undefined)) continue;
      if (holder === null && !gates.has(partitionId)) continue;
      // The cache follows the owner only once the owner has the new gate; after a failed send the
      // entry is forgotten, so the next rebalance sends it again.
      gates.delete(partitionId);
      updates.push(
        this.shard.bus
          .sendToPartitionOwner({
            kind: 'setGroupGate',
            ...partitionAddress(group.streamId, group.topicId, partitionId),
            groupId: group.groupId,
            memberKey: holder,
          })
          .then(() => {
            if (holder !== null) gates.set(partitionId, holder);
          }),
      );
    }
    for (const partitionId of [...gates.keys()]) if (partitionId >= partitionsCount) gates.delete(partitionId);
    await Promise.all(updates);
    // Partitions never polled can move at once: find out without waiting for the timer.
    if (group.members.some((m) => m.revoking.length > 0)) setImmediate(() => void this.checkRevocations().catch(() => undefined));
  }

  async #publish(): Promise<void> {
    this.#version++;
    this.shard.bus.broadcastToShards({ kind: 'groupMembership', version: this.#version, groups: structuredCloneTable(this.#groups) });
  }
}

function structuredCloneTable(table: GroupStateTable): GroupStateTable {
  return new Map(
    [...table].map(([key, group]) => [
      key,
      { ...group, members: group.members.map((m) => ({ ...m, partitions: [...m.partitions], revoking: m.revoking.map((r) => ({ ...r })) })) },
    ]),
  );
}
