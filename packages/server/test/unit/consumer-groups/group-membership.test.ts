// group-membership: the keys that name groups, members and cursors across shards never collide,
// and a member is found only by its (client id, shard id) pair: client ids are per shard, so the
// same client id on another shard is another connection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findMember, groupCursorKey, groupKey, memberKeyOf, type GroupState } from '../../../src/consumer-groups/group-membership.js';

test('group keys: distinct for every (stream, topic, group) even where the digits run together', () => {
  const keys = new Set<string>();
  let triples = 0;
  for (const stream of [1, 2, 12, 123]) {
    for (const topic of [1, 3, 23, 231]) {
      for (const group of [1, 4, 31, 312]) {
        keys.add(groupKey(stream, topic, group));
        triples += 1;
      }
    }
  }
  assert.equal(keys.size, triples);
  assert.equal(groupKey(1, 23, 4), '1/23/4');
});

test('member keys: client 1 on shard 12 is not client 11 on shard 2', () => {
  assert.notEqual(memberKeyOf({ clientId: 1, shardId: 12 }), memberKeyOf({ clientId: 11, shardId: 2 }));
  assert.notEqual(memberKeyOf({ clientId: 3, shardId: 0 }), memberKeyOf({ clientId: 3, shardId: 1 }));
  assert.equal(memberKeyOf({ clientId: 7, shardId: 1 }), '7@1');
});

test('cursor keys: one per (group, client), distinct from the group key and across groups', () => {
  const a = groupKey(1, 1, 1);
  const b = groupKey(1, 1, 2);
  assert.notEqual(groupCursorKey(a, 5), groupCursorKey(b, 5));
  assert.notEqual(groupCursorKey(a, 5), groupCursorKey(a, 6));
  assert.notEqual(groupCursorKey(a, 5), a);
  assert.equal(groupCursorKey(a, 5), '1/1/1#5');
});

test('findMember: matches client id AND shard id; nothing for an unknown group', () => {
  const group: GroupState = {
    streamId: 1,
    topicId: 1,
    groupId: 1,
    members: [
      { memberId: 0, clientId: 5, shardId: 0, partitions: [0], revoking: [] },
      { memberId: 1, clientId: 5, shardId: 1, partitions: [1], revoking: [] },
      { memberId: 2, clientId: 6, shardId: 0, partitions: [2], revoking: [] },
    ],
  };
  assert.equal(findMember(group, 5, 1)?.memberId, 1);
  assert.equal(findMember(group, 5, 0)?.memberId, 0);
  assert.equal(findMember(group, 6, 0)?.memberId, 2);
  assert.equal(findMember(group, 6, 1), undefined);
  assert.equal(findMember(undefined, 5, 0), undefined);
});
