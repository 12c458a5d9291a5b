/**
 * Poll fence: the partition of each group member's latest poll, until that member's next group
 * request shows the poll has finished (a connection runs its requests one at a time).
 *
 * Why: a partition's stored offset catching up with what was served is only proof that the old
 * owner is done with it if no poll of that partition is still reading. Without the fence, a
 * revocation could complete while the old owner's poll was in flight; the old owner then got
 * messages it could no longer commit (3022) and the new owner read them again from the stored
 * offset (duplicates under commit-after-processing).
 *
 * State is per shard (member connections live on one shard); the coordinator consults it for
 * members on its own shard.
 */
import type { Shard } from '../shard/shard.js';

const fencesByShard = new WeakMap<Shard, Map<string, number>>();

function fences(shard: Shard): Map<string, number> {
  let map = fencesByShard.get(shard);
  if (!map) {
    map = new Map();
    fencesByShard.set(shard, map);
  }
  return map;
}

/** Key of one member: the group key plus the connection's client id (as the round-robin cursor). */
export function memberFenceKey(groupKey: string, clientId: number): string {
  return `${groupKey}#${clientId}`;
}

/** The member's previous request has finished; `partitionId` (if any) is now being polled. */
export function markPoll(shard: Shard, memberKey: string, partitionId: number | null): void {
  if (partitionId === null) fences(shard).delete(memberKey);
  else fences(shard).set(memberKey, partitionId);
}

/** The member made another group request: its last poll has finished. */
export function clearPoll(shard: Shard, memberKey: string): void {
  fences(shard).delete(memberKey);
}

/** True while the member's latest poll used `partitionId` and may still be reading it. */
export function mayBePolling(shard: Shard, memberKey: string, partitionId: number): boolean {
  return fences(shard).get(memberKey) === partitionId;
}
