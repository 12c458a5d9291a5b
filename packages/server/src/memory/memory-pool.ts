import { BUCKET_COUNT, BUCKET_SIZES_BYTES, bucketIndexFor } from './bucket-sizes.js';
import {
  COUNTER_ACQUISITIONS,
  COUNTER_COUNT,
  COUNTER_FALLBACKS,
  COUNTER_RELEASES,
  COUNTER_RETURNS_DROPPED,
  type MemoryPoolLayout,
  type MemoryPoolSettings,
} from './memory-pool-layout.js';
import { allocatePoolMemory } from './pool-memory.js';
import type { SharedWasmMemory } from '@iggy-node/protocol';

/**
 * A slot lent by the pool. Plain numbers only, so it survives postMessage: a batch crosses
 * threads as this reference, not as a copy of its bytes. `generation` makes a stale reference
 * (a slot released and lent again since) harmless: releasing it is detected and dropped.
 */
export interface PoolSlot {
  bucketIndex: number;
  slotIndex: number;
  /** Byte offset of the slot in the pool's SharedArrayBuffer. */
  byteOffset: number;
  /** Bucket size: the most bytes the slot holds. */
  capacity: number;
  /** Bytes in use (what was asked for, or set by the owner with a new object). */
  length: number;
  /** Odd slot-state word written when the slot was lent. */
  generation: number;
}

/** Pool counters, read from shared memory, so every thread sees the same numbers. */
export interface MemoryPoolCounters {
  inUseSlots: number;
  /** In-use slots times their bucket size, like Iggy's in-use accounting. */
  inUseBytes: number;
  /** acquire() calls answered with null while the pool is enabled (caller allocated itself). */
  fallbacks: number;
  /** release() calls that did not free a slot: double or stale releases, bogus references. */
  returnsDropped: number;
  acquisitions: number;
  releases: number;
}

/**
 * One process-wide pool of message-batch memory in a SharedArrayBuffer with Iggy's 32 bucket
 * sizes (reference/sharding.md §9). Created once by the coordinator, then attached in every
 * shard from the same buffer and layout; all state is in the buffer and changed with Atomics, so
 * any thread may acquire, release or read counters. Never blocks: a full bucket makes acquire
 * return null and the caller uses an ordinary Buffer, as Iggy degrades to plain allocation.
 *
 * Slot state word: generation << 1 | in-use bit. Acquire flips even → odd by compareExchange,
 * release flips the slot's odd generation → next even one, so exactly one release succeeds.
 */
export class MemoryPool {
  readonly sharedBuffer: SharedArrayBuffer;
  readonly layout: MemoryPoolLayout;
  /** The pool as a shared WebAssembly.Memory (sharedBuffer is its buffer), or null (pool-memory.ts). */
  readonly wasmMemory: SharedWasmMemory | null;
  /** Set by `create`: a start-up warning (checksums not in place) and a note (slot memory trimmed). */
  startupWarning: string | null = null;
  startupNote: string | null = null;
  readonly #slotStates: Int32Array;
  /** [inUse of bucket 0, next-slot hint of bucket 0, inUse of bucket 1, ...]. */
  readonly #bucketWords: Int32Array;
  readonly #counters: BigInt64Array;

  private constructor(sharedBuffer: SharedArrayBuffer, layout: MemoryPoolLayout, wasmMemory: SharedWasmMemory | null) {
    this.sharedBuffer = sharedBuffer;
    this.layout = layout;
    this.wasmMemory = wasmMemory;
    this.#slotStates = new Int32Array(sharedBuffer, layout.slotStateOffset, layout.slotCount);
    this.#bucketWords = new Int32Array(sharedBuffer, layout.bucketWordsOffset, BUCKET_COUNT * 2);
    this.#counters = new BigInt64Array(sharedBuffer, layout.countersOffset, COUNTER_COUNT);
  }

  /**
   * Allocates a new pool (once per process) from `system.memory_pool`: a shared
   * WebAssembly.Memory where it can be (zero-filled and lazily committed, like a
   * SharedArrayBuffer; zero is also "free, generation 0" for every slot), else a SharedArrayBuffer.
   */
  static create(settings: MemoryPoolSettings): MemoryPool {
    const memory = allocatePoolMemory(settings);
    const pool = new MemoryPool(memory.sharedBuffer, memory.layout, memory.wasmMemory);
    pool.startupWarning = memory.warning;
    pool.startupNote = memory.note;
    return pool;
  }

  /**
   * Opens, in another thread, the pool that `create` made (post `sharedBuffer`, `layout` and
   * `wasmMemory`; with a wasmMemory its buffer is the pool's bytes).
   */
  static attach(sharedBuffer: SharedArrayBuffer, layout: MemoryPoolLayout, wasmMemory: SharedWasmMemory | null = null): MemoryPool {
    if (wasmMemory !== null) sharedBuffer = wasmMemory.buffer;
    if (!(sharedBuffer instanceof SharedArrayBuffer)) throw new TypeError('MemoryPool.attach needs a SharedArrayBuffer');
    if (sharedBuffer.byteLength < layout.totalSizeBytes) {
      throw new RangeError(`Memory pool buffer has ${sharedBuffer.byteLength} bytes, layout needs ${layout.totalSizeBytes}`);
    }
    if (layout.bucketSizesBytes.length !== BUCKET_COUNT || layout.bucketSizesBytes.some((size, index) => size !== BUCKET_SIZES_BYTES[index])) {
      throw new RangeError('Memory pool layout has different bucket sizes than this build');
    }
    return new MemoryPool(sharedBuffer, layout, wasmMemory);
  }

  get enabled(): boolean {
    return this.layout.enabled;
  }

  /**
   * Lends a slot of the smallest bucket that holds `byteLength` bytes, or returns null (counted as
   * a fallback) when that bucket has no free slot or the request is above 512 MiB. Larger buckets
   * are not tried: that would tie up big slots with small batches.
   */
  acquire(byteLength: number): PoolSlot | null {
    const bucketIndex = bucketIndexFor(byteLength);
    if (!this.layout.enabled) return null;
    const slotCount = bucketIndex < 0 ? 0 : this.layout.bucketSlotCounts[bucketIndex]!;
    if (slotCount === 0 || Atomics.load(this.#bucketWords, bucketIndex * 2) >= slotCount) return this.#fallback();
    const stateBase = this.layout.bucketStateIndexes[bucketIndex]!;
    // Start at the hint (the slot after the last one lent, or the last one freed), so finding a
    // free slot in a mostly free bucket costs O(1).
    const start = Atomics.load(this.#bucketWords, bucketIndex * 2 + 1) % slotCount;
    for (let step = 0; step < slotCount; step++) {
      const slotIndex = (start + step) % slotCount;
      const state = Atomics.load(this.#slotStates, stateBase + slotIndex);
      if ((state & 1) !== 0) continue;
      const generation = (state + 1) | 0;
      if (Atomics.compareExchange(this.#slotStates, stateBase + slotIndex, state, generation) !== state) continue;
      Atomics.store(this.#bucketWords, bucketIndex * 2 + 1, (slotIndex + 1) % slotCount);
      Atomics.add(this.#bucketWords, bucketIndex * 2, 1);
      Atomics.add(this.#counters, COUNTER_ACQUISITIONS, 1n);
      const capacity = BUCKET_SIZES_BYTES[bucketIndex]!;
      return {
        bucketIndex,
        slotIndex,
        byteOffset: this.layout.bucketDataOffsets[bucketIndex]! + slotIndex * capacity,
        capacity,
        length: byteLength,
        generation,
      };
    }
    return this.#fallback();
  }

  /**
   * Returns a slot. Exactly one release per acquire succeeds (true); a second or stale release,
   * or a reference that does not describe a slot of this pool, changes nothing and is counted in
   * `returnsDropped` (false). Never throws, so a bug in one shard cannot corrupt the pool.
   */
  release(slot: PoolSlot): boolean {
    if (!this.#describesSlot(slot)) return this.#dropReturn();
    const stateIndex = this.layout.bucketStateIndexes[slot.bucketIndex]! + slot.slotIndex;
    const next = (slot.generation + 1) | 0;
    if (Atomics.compareExchange(this.#slotStates, stateIndex, slot.generation, next) !== slot.generation) {
      return this.#dropReturn();
    }
    Atomics.sub(this.#bucketWords, slot.bucketIndex * 2, 1);
    // The next acquire in this bucket starts at the slot just freed: its bytes are likely still
    // in cache, which made copy-in about twice as fast as cycling through all slots.
    Atomics.store(this.#bucketWords, slot.bucketIndex * 2 + 1, slot.slotIndex);
    Atomics.add(this.#counters, COUNTER_RELEASES, 1n);
    return true;
  }

  /** True while `slot` is lent and not yet released (the reference is current). */
  isLent(slot: PoolSlot): boolean {
    if (!this.#describesSlot(slot)) return false;
    const stateIndex = this.layout.bucketStateIndexes[slot.bucketIndex]! + slot.slotIndex;
    return Atomics.load(this.#slotStates, stateIndex) === slot.generation;
  }

  /** Zero-copy Buffer over the slot's bytes (`length` defaults to slot.length, at most capacity). */
  viewOf(slot: PoolSlot, length: number = slot.length): Buffer {
    if (!this.#describesSlot(slot)) throw new RangeError('viewOf: not a slot of this pool');
    if (!Number.isSafeInteger(length) || length < 0 || length > slot.capacity) {
      throw new RangeError(`viewOf: length ${length} outside 0..${slot.capacity}`);
    }
    return Buffer.from(this.sharedBuffer, slot.byteOffset, length);
  }

  /** Zero-copy Buffer over `byteLength` bytes at `start` inside the slot. */
  viewOfRange(slot: PoolSlot, start: number, byteLength: number): Buffer {
    if (!this.#describesSlot(slot)) throw new RangeError('viewOfRange: not a slot of this pool');
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(byteLength) || start < 0 || byteLength < 0 || start + byteLength > slot.capacity) {
      throw new RangeError(`viewOfRange: ${start}+${byteLength} outside the slot's ${slot.capacity} bytes`);
    }
    return Buffer.from(this.sharedBuffer, slot.byteOffset + start, byteLength);
  }

  counters(): MemoryPoolCounters {
    let inUseSlots = 0;
    let inUseBytes = 0;
    for (let index = 0; index < BUCKET_COUNT; index++) {
      const inUse = Atomics.load(this.#bucketWords, index * 2);
      inUseSlots += inUse;
      inUseBytes += inUse * BUCKET_SIZES_BYTES[index]!;
    }
    return {
      inUseSlots,
      inUseBytes,
      fallbacks: Number(Atomics.load(this.#counters, COUNTER_FALLBACKS)),
      returnsDropped: Number(Atomics.load(this.#counters, COUNTER_RETURNS_DROPPED)),
      acquisitions: Number(Atomics.load(this.#counters, COUNTER_ACQUISITIONS)),
      releases: Number(Atomics.load(this.#counters, COUNTER_RELEASES)),
    };
  }

  #describesSlot(slot: PoolSlot): boolean {
    const { bucketIndex, slotIndex } = slot;
    if (!Number.isInteger(bucketIndex) || bucketIndex < 0 || bucketIndex >= BUCKET_COUNT) return false;
    if (!Number.isInteger(slotIndex) || slotIndex < 0 || slotIndex >= this.layout.bucketSlotCounts[bucketIndex]!) return false;
    const capacity = BUCKET_SIZES_BYTES[bucketIndex]!;
    return (
      slot.capacity === capacity &&
      slot.byteOffset === this.layout.bucketDataOffsets[bucketIndex]! + slotIndex * capacity &&
      Number.isInteger(slot.generation) &&
      (slot.generation & 1) === 1
    );
  }

  #fallback(): null {
    Atomics.add(this.#counters, COUNTER_FALLBACKS, 1n);
    return null;
  }

  #dropReturn(): false {
    Atomics.add(this.#counters, COUNTER_RETURNS_DROPPED, 1n);
    return false;
  }
}
