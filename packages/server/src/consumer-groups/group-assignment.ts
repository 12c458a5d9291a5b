/**
 * Partition assignment for one consumer group: a pure function from the current assignment and
 * the live members to the next one.
 *
 * Target: every partition has exactly one owner and members differ by at most one partition
 * (Iggy's fair share: partitions / members, +1 for the first partitions mod members members).
 * Sticky: a member keeps the partitions it has, up to its share; only the excess and the
 * partitions of departed members move. Cooperative: a partition moving between two LIVE members
 * is not handed over at once but marked as revoking from its current owner, which stops being
 * served it; the move completes when the group has committed what that owner was served (or a
 * timeout passes). Partitions of departed members and unowned partitions move at once.
 *
 * Iggy 0.7 does a full round-robin reassignment on leave and on partition-count changes; that
 * moves partitions between members that stay, mid-flight, which duplicates deliveries for
 * consumers that commit after processing. The sticky target has the same fairness with the
 * fewest moves, and §15.8 of the wire reference notes SDKs do not depend on assignment details.
 */

export interface MemberAssignment {
  memberId: number;
  /** Partitions the member owns and is served. */
  partitions: number[];
  /** Partitions being revoked from this member: not served to it, not yet given to the target. */
  revoking: { partitionId: number; targetMemberId: number; sinceMs: number }[];
}

/**
 * @param members current members in join order (member ids ascending); departed members removed
 * @param partitionsCount the topic's current partition count (ids 0..count-1)
 */
export function rebalance(members: MemberAssignment[], partitionsCount: number, nowMs: number): MemberAssignment[] {
  const memberCount = members.length;
  if (memberCount === 0) return [];
  const sorted = [...members].sort((a, b) => a.memberId - b.memberId);

  // Current holder of every partition (owned or revoking: a revoking partition is still
  // "held" by its current owner until the move completes).
  const holder = new Map<number, number>();
  const pendingTarget = new Map<number, number>();
  for (const member of sorted) {
    for (const p of member.partitions) if (p < partitionsCount) holder.set(p, member.memberId);
    for (const r of member.revoking) {
      if (r.partitionId >= partitionsCount) continue;
      holder.set(r.partitionId, member.memberId);
      pendingTarget.set(r.partitionId, r.targetMemberId);
    }
  }

  // Quotas: members holding more get the larger quotas, so fewer partitions move.
  const base = Math.floor(partitionsCount / memberCount);
  const extra = partitionsCount % memberCount;
  const heldCount = (memberId: number): number => [...holder.values()].filter((m) => m === memberId).length;
  const byLoad = [...sorted].sort((a, b) => heldCount(b.memberId) - heldCount(a.memberId) || a.memberId - b.memberId);
  const quota = new Map<number, number>();
  byLoad.forEach((member, index) => quota.set(member.memberId, base + (index < extra ? 1 : 0)));

  // Each member keeps its lowest-numbered held partitions up to its quota.
  const target = new Map<number, number>();
  const keptCount = new Map<number, number>(sorted.map((m) => [m.memberId, 0]));
  const free: number[] = [];
  for (let p = 0; p < partitionsCount; p++) {
    const owner = holder.get(p);
    if (owner !== undefined && keptCount.get(owner)! < quota.get(owner)!) {
      target.set(p, owner);
      keptCount.set(owner, keptCount.get(owner)! + 1);
    } else {
      free.push(p);
    }
  }
  // Free partitions go to members below quota; a pending move keeps its previous target if fair.
  for (const p of free) {
    const previous = pendingTarget.get(p);
    let chosen: number | undefined;
    if (previous !== undefined && keptCount.has(previous) && keptCount.get(previous)! < quota.get(previous)!) chosen = previous;
    chosen ??= sorted.find((m) => keptCount.get(m.memberId)! < quota.get(m.memberId)!)!.memberId;
    target.set(p, chosen);
    keptCount.set(chosen, keptCount.get(chosen)! + 1);
  }

  const next = new Map<number, MemberAssignment>(sorted.map((m) => [m.memberId, { memberId: m.memberId, partitions: [], revoking: [] }]));
  const since = new Map<number, number>();
  for (const member of sorted) for (const r of member.revoking) since.set(r.partitionId, r.sinceMs);
  for (let p = 0; p < partitionsCount; p++) {
    const owner = holder.get(p);
    const to = target.get(p)!;
    if (owner === undefined || owner === to) {
      next.get(to)!.partitions.push(p);
    } else {
      // Between two live members: cooperative hand-over.
      const keepSince = pendingTarget.get(p) === to ? since.get(p) : undefined;
      next.get(owner)!.revoking.push({ partitionId: p, targetMemberId: to, sinceMs: keepSince ?? nowMs });
    }
  }
  return sorted.map((m) => next.get(m.memberId)!);
}

/** Completes the hand-over of `partitionId` from its revoking owner to the target member. */
export function completeRevocation(members: MemberAssignment[], partitionId: number): boolean {
  for (const member of members) {
    const index = member.revoking.findIndex((r) => r.partitionId === partitionId);
    if (index < 0) continue;
    const [revocation] = member.revoking.splice(index, 1);
    const target = members.find((m) => m.memberId === revocation!.targetMemberId);
    // The target may have left meanwhile: then the next rebalance reassigns it; keep it owned.
    if (target) {
      target.partitions.push(partitionId);
      target.partitions.sort((a, b) => a - b);
    } else {
      member.partitions.push(partitionId);
      member.partitions.sort((a, b) => a - b);
    }
    return true;
  }
  return false;
}
