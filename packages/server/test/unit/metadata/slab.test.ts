// Goal: Slab hands out the lowest free id, reuses freed slots and iterates in id order; method: drive one slab through inserts and deletes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Slab } from '../../../src/metadata/slab.js';

test('ids start at 0 and grow densely', () => {
  const slab = new Slab<string>();
  assert.equal(slab.insert((id) => `v${id}`), 'v0');
  assert.equal(slab.insert((id) => `v${id}`), 'v1');
  assert.equal(slab.insert((id) => `v${id}`), 'v2');
  assert.equal(slab.size, 3);
  assert.equal(slab.get(1), 'v1');
  assert.equal(slab.get(3), undefined);
  assert.equal(slab.get(-1), undefined);
  assert.equal(slab.get(0.5), undefined);
});

test('the lowest freed slot is reused first, then the end', () => {
  const slab = new Slab<number>();
  for (let index = 0; index < 5; index += 1) slab.insert((id) => id);
  assert.equal(slab.delete(3), 3);
  assert.equal(slab.delete(1), 1);
  assert.equal(slab.delete(1), undefined, 'a second delete finds nothing');
  assert.equal(slab.size, 3);
  assert.equal(slab.nextId(), 1);
  assert.equal(slab.insert((id) => id), 1);
  assert.equal(slab.insert((id) => id), 3);
  assert.equal(slab.insert((id) => id), 5);
  assert.deepEqual([...slab.values()], [0, 1, 2, 3, 4, 5]);
});

test('deleting the last slots shrinks back so the next id is the gap', () => {
  const slab = new Slab<number>();
  for (let index = 0; index < 3; index += 1) slab.insert((id) => id);
  slab.delete(2);
  slab.delete(1);
  assert.equal(slab.nextId(), 1);
  assert.deepEqual([...slab.entries()], [[0, 0]]);
});

test('insertAt fills given slots, leaves gaps free, and refuses an occupied slot', () => {
  const slab = new Slab<string>();
  slab.insertAt(4, 'four');
  slab.insertAt(1, 'one');
  assert.deepEqual([...slab.entries()], [[1, 'one'], [4, 'four']]);
  assert.equal(slab.nextId(), 0);
  slab.insertAt(0, 'zero');
  assert.equal(slab.nextId(), 2);
  assert.throws(() => slab.insertAt(4, 'again'), /occupied/);
  assert.equal(slab.find((value) => value.startsWith('f')), 'four');
});
