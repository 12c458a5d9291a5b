// The memory pool as a shared WebAssembly.Memory (memory/pool-memory.ts) and checksums stamped in
// place in its slots (memory/in-place-checksums.ts, storage/message-stamper.ts): the default
// 4 GiB pool fits one wasm32 memory (slot memory trimmed by its bookkeeping, said in a note),
// stays lazily committed, and larger pools fall back with a warning naming the setting. In-place
// checksums equal @node-rs/xxhash's in every bucket, at the start and the end of slots, above
// 2 GiB and in the pool's last slot, and count no checksum_staging copy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { xxh3_64Napi } from '@iggy-node/protocol';
import { BUCKET_COUNT, BUCKET_SIZES_BYTES } from '../../../src/memory/bucket-sizes.js';
import { MEMORY_POOL_KERNEL_REGION_BYTES } from '../../../src/memory/memory-pool-layout.js';
import { MemoryPool } from '../../../src/memory/memory-pool.js';
import { WASM32_MEMORY_MAX_BYTES } from '../../../src/memory/pool-memory.js';
import { disableInPlaceChecksums, enableInPlaceChecksums, stampChecksumsInPlace } from '../../../src/memory/in-place-checksums.js';
import { dataPathCopies } from '../../../src/memory/data-path-copies.js';
import { stampMessages } from '../../../src/storage/message-stamper.js';
import { SegmentIndex } from '../../../src/storage/segment-index.js';

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;
const DEFAULTS = { enabled: true, size: 4 * GIB, bucket_capacity: 8192 };

/** `count` records with random bodies (payload sizes cycling up to `payloadMaxBytes`), checksum 0. */
function buildBatch(count: number, payloadMaxBytes: number): Buffer {
  const records: Buffer[] = [];
  for (let i = 0; i < count; i += 1) {
    const payloadBytes = (i * 7919) % (payloadMaxBytes + 1);
    const userHeadersBytes = i % 3 === 0 ? 17 : 0;
    const record = randomFillSync(Buffer.alloc(64 + userHeadersBytes + payloadBytes));
    record.fill(0, 0, 8);
    record.writeUInt32LE(userHeadersBytes, 48);
    record.writeUInt32LE(payloadBytes, 52);
    records.push(record);
  }
  return Buffer.concat(records);
}

/** Every record's checksum field against XXH3-64 (napi) of its bytes [8, size). */
function assertChecksumsMatchNapi(batch: Buffer, context: string): void {
  let position = 0;
  let index = 0;
  while (position < batch.length) {
    const size = 64 + batch.readUInt32LE(position + 48) + batch.readUInt32LE(position + 52);
    const expected = xxh3_64Napi(batch.subarray(position + 8, position + size));
    assert.equal(batch.readBigUInt64LE(position), expected, `${context}: record ${index}`);
    position += size;
    index += 1;
  }
  assert.equal(position, batch.length, `${context}: records tile the batch`);
}

function stagingCopies(): number {
  return dataPathCopies().get('checksum_staging')!.copies;
}

test('the default 4 GiB pool is one shared WebAssembly memory of at most 4 GiB, lazily committed', () => {
  const rssBefore = process.memoryUsage().rss;
  const pool = MemoryPool.create(DEFAULTS);
  const rssGrowth = process.memoryUsage().rss - rssBefore;
  assert.notEqual(pool.wasmMemory, null);
  assert.equal(pool.sharedBuffer, pool.wasmMemory!.buffer);
  assert.ok(pool.sharedBuffer instanceof SharedArrayBuffer);
  assert.ok(pool.sharedBuffer.byteLength <= WASM32_MEMORY_MAX_BYTES);
  assert.ok(pool.layout.totalSizeBytes <= pool.sharedBuffer.byteLength);
  // Trimmed by the bookkeeping (kernel region, slot states), no more: a few hundred KiB.
  assert.ok(pool.layout.trimmedBytes > 0 && pool.layout.trimmedBytes < 2 * MIB, `trimmed ${pool.layout.trimmedBytes}`);
  assert.match(pool.startupNote ?? '', /system\.memory_pool\.size/);
  assert.equal(pool.startupWarning, null);
  assert.ok(pool.layout.bucketSlotCounts[BUCKET_COUNT - 1]! >= 1, 'a 512 MiB batch still has a slot');
  assert.ok(rssGrowth < 64 * MIB, `creating the pool grew RSS by ${rssGrowth} bytes`);
});

test('a pool below 4 GiB whose size is no page multiple gets whole pages and is not trimmed', () => {
  const pool = MemoryPool.create({ enabled: true, size: 512 * MIB + 4096, bucket_capacity: 128 });
  assert.notEqual(pool.wasmMemory, null);
  assert.equal(pool.sharedBuffer.byteLength % 65536, 0);
  assert.ok(pool.sharedBuffer.byteLength >= pool.layout.totalSizeBytes);
  assert.equal(pool.layout.trimmedBytes, 0);
  assert.equal(pool.startupNote, null);
  assert.equal(pool.startupWarning, null);
});

test('a pool above 4 GiB falls back to a SharedArrayBuffer with a warning naming the setting', () => {
  const pool = MemoryPool.create({ enabled: true, size: 6 * GIB, bucket_capacity: 8192 });
  assert.equal(pool.wasmMemory, null);
  assert.match(pool.startupWarning ?? '', /system\.memory_pool\.size.*6 GiB.*checksum_staging/);
  assert.equal(pool.layout.trimmedBytes, 0);
  assert.ok(pool.layout.dataSizeBytes > 4 * GIB, 'the whole size is carved');
  assert.match(enableInPlaceChecksums(pool) ?? '', /not a shared WebAssembly memory/);
  disableInPlaceChecksums();
});

test('a disabled pool is no wasm memory and warns nothing', () => {
  const pool = MemoryPool.create({ ...DEFAULTS, enabled: false });
  assert.equal(pool.wasmMemory, null);
  assert.equal(pool.startupWarning, null);
});

test('in-place checksums equal napi in every bucket, at slot starts and ends, above 2 GiB and in the last slot', () => {
  const pool = MemoryPool.create(DEFAULTS);
  assert.equal(enableInPlaceChecksums(pool), null);
  try {
    const small = buildBatch(3, 40); // ≤ 256 B: fits bucket 0
    const large = buildBatch(400, 3000);
    let highestOffset = 0;
    let above2GiB = 0;
    for (let bucket = 0; bucket < BUCKET_COUNT; bucket += 1) {
      if (pool.layout.bucketSlotCounts[bucket] === 0) continue;
      const slot = pool.acquire(BUCKET_SIZES_BYTES[bucket]!);
      assert.ok(slot !== null && slot.bucketIndex === bucket, `bucket ${bucket}`);
      for (const batch of large.length <= slot.capacity ? [small, large] : [small]) {
        for (const start of [0, 1, slot.capacity - batch.length]) {
          const view = pool.viewOfRange(slot, start, batch.length);
          batch.copy(view);
          const before = stagingCopies();
          assert.equal(stampChecksumsInPlace(view, countRecords(batch)), true);
          assert.equal(stagingCopies(), before);
          assertChecksumsMatchNapi(view, `bucket ${bucket} at ${start} (pool offset ${view.byteOffset})`);
          highestOffset = Math.max(highestOffset, view.byteOffset + view.length);
          if (view.byteOffset >= 2 * GIB) above2GiB += 1;
        }
      }
      pool.release(slot);
    }
    assert.equal(highestOffset, pool.layout.dataStartOffset + pool.layout.dataSizeBytes, "the pool's last slot byte was covered");
    assert.ok(above2GiB >= 6, `${above2GiB} batches above 2 GiB`);
    assert.ok(pool.layout.dataStartOffset >= MEMORY_POOL_KERNEL_REGION_BYTES);
  } finally {
    disableInPlaceChecksums();
  }
});

test('batches outside the pool are not stamped in place; the stamper stages them (counted), pool batches not', () => {
  const pool = MemoryPool.create({ enabled: true, size: 512 * MIB, bucket_capacity: 128 });
  assert.equal(enableInPlaceChecksums(pool), null);
  try {
    const batch = buildBatch(50, 1000);
    const outside = Buffer.from(batch);
    assert.equal(stampChecksumsInPlace(outside, 50), false);
    assert.ok(outside.equals(batch), 'untouched');
    // A foreign SharedArrayBuffer view is not the pool either.
    const foreign = Buffer.from(new SharedArrayBuffer(batch.length));
    batch.copy(foreign);
    assert.equal(stampChecksumsInPlace(foreign, 50), false);

    const target = () => ({ firstOffset: 0, segmentStartOffset: 0, logPosition: 0, timestampMicros: 1_700_000_000_000_000n, entries: SegmentIndex.empty() });
    const before = stagingCopies();
    stampMessages(outside, 50, target());
    assert.equal(stagingCopies(), before + 1, 'a batch outside the pool is staged');
    assertChecksumsMatchNapi(outside, 'staged');

    const slot = pool.acquire(batch.length)!;
    const view = pool.viewOf(slot, batch.length);
    batch.copy(view);
    stampMessages(view, 50, target());
    assert.equal(stagingCopies(), before + 1, 'a pool batch is stamped in place');
    assertChecksumsMatchNapi(view, 'in place');
    // Both paths wrote the same bytes (ids are kept: the built records have non-zero ids).
    assert.ok(view.equals(outside), 'in-place and staged stamping agree byte for byte');
    // A malformed pool batch is refused, unchanged.
    batch.copy(view);
    assert.throws(() => stampChecksumsInPlace(view.subarray(0, view.length - 1), 50), RangeError);
    assert.ok(view.equals(batch));
    pool.release(slot);
  } finally {
    disableInPlaceChecksums();
  }
});

function countRecords(batch: Buffer): number {
  let position = 0;
  let count = 0;
  while (position < batch.length) {
    position += 64 + batch.readUInt32LE(position + 48) + batch.readUInt32LE(position + 52);
    count += 1;
  }
  return count;
}
