/**
 * Balanced partitioning as Iggy 0.7 does it: one round-robin counter per topic, shared by every
 * shard, so one producer's batches go 0,1,2,0,1,2… whichever shard its connection lands on. The
 * counters live in a SharedArrayBuffer the coordinator creates and every shard attaches: an
 * open-addressed table of (topic key, generation|counter) pairs of 64-bit words, updated with
 * Atomics. The generation is taken from the topic's creation time, so a topic id that is reused
 * after a delete starts again at partition 0.
 *
 * Runs on: every shard thread (one attached view each); the buffer is created once at start-up.
 */
import { BALANCED_COUNTER_TOPICS_MAX } from '../../limits.js';

const WORDS_PER_ENTRY = 2;
const EMPTY_KEY = 0n;
const COUNTER_MASK = 0xffff_ffffn;
const GENERATION_MASK = 0x7fff_ffffn;

export class BalancedPartitioner {
  readonly #words: BigInt64Array;
  readonly #capacity: number;
  /** Topics that found no free entry in the shared table (more than its capacity are alive). */
  readonly #overflow = new Map<bigint, { generation: bigint; counter: number }>();

  private constructor(readonly sharedBuffer: SharedArrayBuffer) {
    this.#words = new BigInt64Array(sharedBuffer);
    this.#capacity = this.#words.length / WORDS_PER_ENTRY;
  }

  /** The shared table, created once by the coordinator (zeroed = every entry empty). */
  static createBuffer(capacity = BALANCED_COUNTER_TOPICS_MAX): SharedArrayBuffer {
    return new SharedArrayBuffer(capacity * WORDS_PER_ENTRY * BigInt64Array.BYTES_PER_ELEMENT);
  }

  static attach(sharedBuffer: SharedArrayBuffer): BalancedPartitioner {
    return new BalancedPartitioner(sharedBuffer);
  }

  /** The partition for the next balanced batch to this topic (count > 0). */
  next(streamId: number, topicId: number, topicCreatedAtMicros: bigint, partitionsCount: number): number {
    const key = (BigInt(streamId) << 32n) | BigInt(topicId) | (1n << 62n);
    // Never 0, so a fresh (zeroed) entry always counts as "another generation".
    const generation = (BigInt.asUintN(64, topicCreatedAtMicros) & GENERATION_MASK) | 1n;
    const stateIndex = this.#entryFor(key);
    if (stateIndex < 0) return this.#nextOverflow(key, generation, partitionsCount);
    for (;;) {
      const state = Atomics.load(this.#words, stateIndex);
      const sameTopic = state >> 32n === generation;
      const counter = sameTopic ? state & COUNTER_MASK : 0n;
      const nextState = (generation << 32n) | ((counter + 1n) & COUNTER_MASK);
      if (Atomics.compareExchange(this.#words, stateIndex, state, nextState) === state) return Number(counter % BigInt(partitionsCount));
    }
  }

  /** Index of the state word of `key`'s entry, claiming a free entry if needed; -1 when full. */
  #entryFor(key: bigint): number {
    const start = hashKey(key) % this.#capacity;
    for (let probe = 0; probe < this.#capacity; probe++) {
      const entry = ((start + probe) % this.#capacity) * WORDS_PER_ENTRY;
      const current = Atomics.load(this.#words, entry);
      if (current === key) return entry + 1;
      if (current !== EMPTY_KEY) continue;
      const previous = Atomics.compareExchange(this.#words, entry, EMPTY_KEY, key);
      if (previous === EMPTY_KEY || previous === key) return entry + 1;
    }
    return -1;
  }

  #nextOverflow(key: bigint, generation: bigint, partitionsCount: number): number {
    let entry = this.#overflow.get(key);
    if (!entry || entry.generation !== generation) {
      entry = { generation, counter: 0 };
      this.#overflow.set(key, entry);
    }
    const chosen = entry.counter % partitionsCount;
    entry.counter = (entry.counter + 1) >>> 0;
    return chosen;
  }
}

function hashKey(key: bigint): number {
  const low = Number(key & 0xffff_ffffn);
  const high = Number((key >> 32n) & 0xfffn);
  return (Math.imul(low ^ Math.imul(high, 0x9e3779b1), 0x85ebca6b) ^ (low >>> 13)) >>> 0;
}
