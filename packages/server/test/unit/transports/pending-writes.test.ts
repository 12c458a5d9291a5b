// A sink's write callbacks (a poll's slot release) run exactly once: when the write completes,
// or when the connection closes first; never twice when both happen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PendingWrites } from '../../../src/transports/binary/pending-writes.js';

test('each tracked callback runs once: on completion, or at close for the writes still due', () => {
  const pending = new PendingWrites();
  const ran: string[] = [];
  const first = pending.track(() => ran.push('first'));
  const second = pending.track(() => ran.push('second'));
  pending.track(() => ran.push('third'));
  first();
  first();
  assert.deepEqual(ran, ['first'], 'a completed write runs once');
  pending.runAll();
  assert.deepEqual(ran, ['first', 'second', 'third'], 'close runs the writes still due');
  second();
  pending.runAll();
  assert.deepEqual(ran, ['first', 'second', 'third'], 'a late completion after close runs nothing');
});
