// Checks the SharedArrayBuffer memory pool in one thread: bucket choice at every bucket boundary, the layout's sizing within `size` and `bucket_capacity`, exhaustion fallback, detection of double and stale releases, zero-copy views, and 100,000 acquire/release cycles ending with nothing in use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUCKET_COUNT, BUCKET_SIZES_BYTES, bucketIndexFor } from '../../../src/memory/bucket-sizes.js';
import { computeMemoryPoolLayout, MEMORY_POOL_KERNEL_REGION_BYTES } from '../../../src/memory/memory-pool-layout.js';
import { MemoryPool, type PoolSlot } from '../../../src/memory/memory-pool.js';

const KIB = 1024;
const MIB = 1024 * KIB;

test("Iggy's 32 bucket sizes, 256 B to 512 MiB, ascending", () => {
  assert.equal(BUCKET_SIZES_BYTES.length, BUCKET_COUNT);
  assert.equal(BUCKET_SIZES_BYTES[0], 256);
  assert.equal(BUCKET_SIZES_BYTES[12], 768 * KIB);
  assert.equal(BUCKET_SIZES_BYTES[14], 1.5 * MIB);
  assert.equal(BUCKET_SIZES_BYTES[31], 512 * MIB);
  for (let index = 1; index < BUCKET_COUNT; index++) assert.ok(BUCKET_SIZES_BYTES[index]! > BUCKET_SIZES_BYTES[index - 1]!);
});

test('bucket choice at every boundary: exact size, one byte more, and above 512 MiB', () => {
  assert.equal(bucketIndexFor(0), 0);
  assert.equal(bucketIndexFor(1), 0);
  BUCKET_SIZES_BYTES.forEach((size, index) => {
    assert.equal(bucketIndexFor(size), index, `${size} bytes`);
    assert.equal(bucketIndexFor(size + 1), index + 1 < BUCKET_COUNT ? index + 1 : -1, `${size + 1} bytes`);
    if (index > 0) assert.equal(bucketIndexFor(BUCKET_SIZES_BYTES[index - 1]! + 1), index);
  });
  assert.equal(bucketIndexFor(512 * MIB + 1), -1);
  assert.throws(() => bucketIndexFor(-1), RangeError);
  assert.throws(() => bucketIndexFor(1.5), RangeError);
});

test('acquire takes the smallest fitting bucket at every boundary, up to 512 MiB; 512 MiB + 1 falls back', () => {
  // One slot per bucket (about 1.6 GiB of address space): the SharedArrayBuffer is committed
  // lazily by the OS and nothing below touches the bytes.
  const total = BUCKET_SIZES_BYTES.reduce((sum, size) => sum + size, 0);
  const pool = MemoryPool.create({ enabled: true, size: total, bucket_capacity: 1 });
  assert.deepEqual(pool.layout.bucketSlotCounts, new Array(BUCKET_COUNT).fill(1));
  BUCKET_SIZES_BYTES.forEach((size, index) => {
    for (const request of index === 0 ? [0, 1, size] : [BUCKET_SIZES_BYTES[index - 1]! + 1, size]) {
      const slot = pool.acquire(request);
      assert.ok(slot !== null, `${request} bytes`);
      assert.equal(slot.bucketIndex, index, `${request} bytes`);
      assert.equal(slot.capacity, size);
      assert.equal(slot.length, request);
      assert.equal(pool.release(slot), true);
    }
  });
  assert.equal(pool.acquire(512 * MIB + 1), null);
  assert.deepEqual(pool.counters(), {
    inUseSlots: 0,
    inUseBytes: 0,
    fallbacks: 1,
    returnsDropped: 0,
    acquisitions: 1 + BUCKET_COUNT * 2,
    releases: 1 + BUCKET_COUNT * 2,
  });
});

test('layout: at most bucket_capacity slots per bucket, all slots within size, aligned and disjoint', () => {
  for (const [size, capacity] of [[4096 * MIB, 8192], [512 * MIB, 8192], [1 * MIB, 128], [64 * KIB, 4]] as const) {
    const layout = computeMemoryPoolLayout({ enabled: true, size, bucket_capacity: capacity });
    assert.ok(layout.dataSizeBytes <= size, `data fits in ${size}`);
    assert.ok(layout.bucketSlotCounts.every((count) => count <= capacity));
    assert.ok(layout.bucketSlotCounts[0]! > 0, 'the smallest bucket always gets slots');
    assert.equal(layout.dataStartOffset, MEMORY_POOL_KERNEL_REGION_BYTES, 'the kernel region is never lent');
    let end = layout.dataStartOffset;
    layout.bucketDataOffsets.forEach((offset, index) => {
      assert.equal(offset, end, `bucket ${index} starts where the previous ends`);
      assert.equal(offset % 256, 0);
      end += layout.bucketSlotCounts[index]! * BUCKET_SIZES_BYTES[index]!;
    });
    assert.ok(layout.slotStateOffset >= end && layout.countersOffset % 8 === 0);
  }
  // 4 GiB and 8192 (Iggy's defaults) use the whole size; small buckets are capped at 8192.
  const defaults = computeMemoryPoolLayout({ enabled: true, size: 4096 * MIB, bucket_capacity: 8192 });
  assert.equal(defaults.bucketSlotCounts[0], 8192);
  assert.ok(defaults.dataSizeBytes > 4000 * MIB);
  assert.ok(defaults.bucketSlotCounts[31]! >= 1, 'a 512 MiB batch has a slot');
  const disabled = computeMemoryPoolLayout({ enabled: false, size: 4096 * MIB, bucket_capacity: 8192 });
  assert.equal(disabled.slotCount, 0);
});

test('exhausted bucket falls back (null, counted) and recovers after a release; other buckets unaffected', () => {
  const pool = MemoryPool.create({ enabled: true, size: 64 * KIB, bucket_capacity: 4 });
  assert.equal(pool.layout.bucketSlotCounts[0], 4);
  const slots = [1, 2, 3, 4].map(() => pool.acquire(100)!);
  assert.equal(new Set(slots.map((slot) => slot.byteOffset)).size, 4, 'distinct slots');
  assert.equal(pool.acquire(100), null);
  assert.equal(pool.acquire(256), null);
  assert.notEqual(pool.acquire(300), null, 'the 512 B bucket still has slots');
  assert.equal(pool.counters().fallbacks, 2);
  pool.release(slots[2]!);
  const again = pool.acquire(1);
  assert.ok(again !== null);
  assert.equal(again.slotIndex, slots[2]!.slotIndex);
  assert.deepEqual(
    { inUseSlots: pool.counters().inUseSlots, inUseBytes: pool.counters().inUseBytes },
    { inUseSlots: 5, inUseBytes: 4 * 256 + 512 },
  );
});

test('a disabled pool lends nothing and counts no fallbacks', () => {
  const pool = MemoryPool.create({ enabled: false, size: 4096 * MIB, bucket_capacity: 8192 });
  assert.equal(pool.enabled, false);
  assert.equal(pool.acquire(1000), null);
  assert.equal(pool.counters().fallbacks, 0);
  assert.ok(pool.sharedBuffer.byteLength < 4096);
});

test('double release, stale release and forged slots are dropped and counted, never corrupting', () => {
  const pool = MemoryPool.create({ enabled: true, size: 64 * KIB, bucket_capacity: 4 });
  const first = pool.acquire(10)!;
  assert.equal(pool.release(first), true);
  assert.equal(pool.release(first), false, 'second release of the same lending');
  // A reference with an older generation must not free the current owner's slot.
  const reused = pool.acquire(10)!;
  const stale: PoolSlot = { ...reused, generation: reused.generation - 2 };
  assert.equal(pool.release(stale), false, 'stale generation');
  assert.equal(pool.isLent(reused), true);
  const forged: PoolSlot[] = [
    { ...reused, bucketIndex: 40 },
    { ...reused, slotIndex: 99 },
    { ...reused, byteOffset: reused.byteOffset + 1 },
    { ...reused, capacity: 512 },
    { ...reused, generation: reused.generation + 1 },
  ];
  for (const slot of forged) assert.equal(pool.release(slot), false, JSON.stringify(slot));
  assert.equal(pool.isLent(reused), true);
  assert.equal(pool.release(reused), true);
  assert.deepEqual(pool.counters(), {
    inUseSlots: 0,
    inUseBytes: 0,
    fallbacks: 0,
    returnsDropped: 2 + forged.length,
    acquisitions: 2,
    releases: 2,
  });
});

test('a stale reference to a slot that was lent again cannot release it', () => {
  const pool = MemoryPool.create({ enabled: true, size: 256, bucket_capacity: 1 });
  assert.equal(pool.layout.bucketSlotCounts[0], 1);
  const old = pool.acquire(1)!;
  pool.release(old);
  const current = pool.acquire(1)!;
  assert.equal(current.slotIndex, old.slotIndex);
  assert.equal(pool.release(old), false);
  assert.equal(pool.isLent(current), true);
  assert.equal(pool.acquire(1), null, 'the slot is still taken by its current owner');
  assert.equal(pool.release(current), true);
});

test('viewOf is a zero-copy window on the shared buffer', () => {
  const pool = MemoryPool.create({ enabled: true, size: 64 * KIB, bucket_capacity: 4 });
  const slot = pool.acquire(5)!;
  const view = pool.viewOf(slot);
  assert.equal(view.length, 5);
  assert.equal(view.buffer, pool.sharedBuffer);
  view.write('hello');
  assert.equal(Buffer.from(pool.sharedBuffer, slot.byteOffset, 5).toString(), 'hello');
  assert.equal(pool.viewOf(slot, slot.capacity).length, 256);
  assert.throws(() => pool.viewOf(slot, 257), RangeError);
  assert.throws(() => pool.viewOf({ ...slot, slotIndex: 77 }), RangeError);
});

test('100,000 acquire/release cycles of mixed sizes end with nothing in use', () => {
  const pool = MemoryPool.create({ enabled: true, size: 16 * MIB, bucket_capacity: 128 });
  const held: PoolSlot[] = [];
  let fallbacks = 0;
  let seed = 12345;
  const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let cycle = 0; cycle < 100_000; cycle++) {
    const slot = pool.acquire(Math.floor(random() * 64 * KIB));
    if (slot === null) fallbacks++;
    else held.push(slot);
    // Keep up to ~64 slots lent so buckets fill, empty and wrap around.
    while (held.length > 0 && (held.length > 64 || random() < 0.4)) {
      const index = Math.floor(random() * held.length);
      assert.equal(pool.release(held[index]!), true);
      held.splice(index, 1);
    }
  }
  for (const slot of held) assert.equal(pool.release(slot), true);
  const counters = pool.counters();
  assert.equal(counters.inUseSlots, 0);
  assert.equal(counters.inUseBytes, 0);
  assert.equal(counters.returnsDropped, 0);
  assert.equal(counters.fallbacks, fallbacks);
  assert.equal(counters.acquisitions, 100_000 - fallbacks);
  assert.equal(counters.releases, counters.acquisitions);
});
