// Goal: the deduplicator remembers ids for `expiry` from insertion, forgets the oldest past
// max_entries, and compaction keeps the survivors' bytes intact. Method: a fake clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dropDuplicateMessages, MessageDeduplicator } from '../../../src/storage/message-deduplicator.js';

function idKey(n: number): string {
  const id = Buffer.alloc(16);
  id.writeUInt32LE(n, 0);
  return id.toString('latin1');
}

function section(ids: number[]): Buffer {
  return Buffer.concat(
    ids.map((id, at) => {
      const payload = Buffer.from(`payload ${id}/${at}`);
      const header = Buffer.alloc(64);
      header.writeUInt32LE(id, 8);
      header.writeUInt32LE(payload.length, 52);
      return Buffer.concat([header, payload]);
    }),
  );
}

test('ids expire after expiry and the oldest is evicted past max_entries', () => {
  let now = 0;
  const deduplicator = new MessageDeduplicator({ maxEntries: 3, expiryMs: 100, clock: () => now });
  assert.ok(deduplicator.tryInsert(idKey(1)));
  assert.ok(!deduplicator.tryInsert(idKey(1)));
  now = 50;
  assert.ok(deduplicator.tryInsert(idKey(2)));
  now = 100;
  assert.ok(deduplicator.tryInsert(idKey(1)), 'id 1 expired at 100');
  assert.ok(!deduplicator.tryInsert(idKey(2)), 'id 2 lives until 150');
  assert.ok(deduplicator.tryInsert(idKey(3)));
  assert.ok(deduplicator.tryInsert(idKey(4)), 'evicts id 2, the oldest');
  assert.equal(deduplicator.size, 3);
  assert.ok(deduplicator.tryInsert(idKey(2)));
  deduplicator.forget([idKey(2)]);
  assert.ok(deduplicator.tryInsert(idKey(2)), 'a forgotten id is new again');
});

test('dropDuplicateMessages compacts survivors in place and leaves an all-new batch untouched', () => {
  const deduplicator = new MessageDeduplicator({ maxEntries: 100, expiryMs: 0 });
  const fresh = section([1, 2]);
  const first = dropDuplicateMessages(fresh, 2, deduplicator);
  assert.equal(first.messages, fresh, 'nothing dropped: the same buffer');
  assert.equal(first.insertedIds.length, 2);

  const mixed = section([2, 3, 3, 0, 0, 4]);
  const result = dropDuplicateMessages(mixed, 6, deduplicator);
  assert.equal(result.messagesCount, 4);
  const payloads: string[] = [];
  for (let at = 0; at < result.messages.length; ) {
    const length = result.messages.readUInt32LE(at + 52);
    payloads.push(result.messages.toString('utf8', at + 64, at + 64 + length));
    at += 64 + length;
  }
  assert.deepEqual(payloads, ['payload 3/1', 'payload 0/3', 'payload 0/4', 'payload 4/5']);
  assert.equal(dropDuplicateMessages(section([1, 4]), 2, deduplicator).messagesCount, 0);
});
