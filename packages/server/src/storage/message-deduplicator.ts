import { DEDUPLICATION_ENTRIES_MAX, MESSAGE_HEADER_SIZE } from './storage-limits.js';

const ID_AT = 8;
const ID_BYTES = 16;
const USER_HEADERS_LENGTH_AT = 48;
const PAYLOAD_LENGTH_AT = 52;

export interface MessageDeduplicatorOptions {
  /** Ids remembered; the oldest is forgotten past it. 0 = Iggy's "no limit", capped at DEDUPLICATION_ENTRIES_MAX. */
  maxEntries: number;
  /** Milliseconds an id is remembered after it was first seen; 0 = until evicted. */
  expiryMs: number;
  /** Monotonic milliseconds; injectable for tests. */
  clock?: () => number;
}

/**
 * The message ids one partition has accepted recently ([system.message_deduplication],
 * server-semantics.md §2.4). In memory only, empty after a restart, as in Iggy 0.7.
 *
 * Every id lives exactly `expiryMs` from insertion, so a Map in insertion order is also in
 * expiry order: expired ids are dropped from its front, and past maxEntries the oldest id goes
 * (Iggy's moka cache evicts by frequency; oldest-first is the predictable equivalent).
 */
export class MessageDeduplicator {
  readonly #expiryMs: number;
  readonly #maxEntries: number;
  readonly #clock: () => number;
  /** Id (16 bytes as a latin1 string) → insertion time. */
  readonly #ids = new Map<string, number>();

  constructor(options: MessageDeduplicatorOptions) {
    this.#expiryMs = options.expiryMs;
    this.#maxEntries = options.maxEntries > 0 ? Math.min(options.maxEntries, DEDUPLICATION_ENTRIES_MAX) : DEDUPLICATION_ENTRIES_MAX;
    this.#clock = options.clock ?? (() => performance.now());
  }

  /** The deduplicator's clock (milliseconds). */
  now(): number {
    return this.#clock();
  }

  get size(): number {
    return this.#ids.size;
  }

  /** Remembers `id` and returns true, or returns false when it is remembered already. */
  tryInsert(id: string, now: number = this.#clock()): boolean {
    this.#expire(now);
    if (this.#ids.has(id)) return false;
    if (this.#ids.size >= this.#maxEntries) this.#ids.delete(this.#ids.keys().next().value!);
    this.#ids.set(id, now);
    return true;
  }

  /** Forgets ids, so a batch that was never stored can be sent again. */
  forget(ids: readonly string[]): void {
    for (const id of ids) this.#ids.delete(id);
  }

  #expire(now: number): void {
    if (this.#expiryMs <= 0) return;
    for (const [id, insertedAt] of this.#ids) {
      if (insertedAt + this.#expiryMs > now) return;
      this.#ids.delete(id);
    }
  }
}

export interface DeduplicatedSection {
  /** The section without duplicates: the input itself, or a prefix of it compacted in place. */
  messages: Buffer;
  messagesCount: number;
  /** Ids this batch added to the deduplicator (to forget them if the append fails). */
  insertedIds: string[];
}

/**
 * Drops records whose id the partition has seen (within this batch too) before any offset is
 * assigned, so the survivors get consecutive offsets. Id 0 means "server assigns one" and is
 * never a duplicate. Survivors are moved down in place; nothing is copied when none is dropped.
 */
export function dropDuplicateMessages(messages: Buffer, messagesCount: number, deduplicator: MessageDeduplicator): DeduplicatedSection {
  const insertedIds: string[] = [];
  const now = deduplicator.now();
  let from = 0;
  let to = 0;
  let kept = 0;
  for (let i = 0; i < messagesCount; i += 1) {
    const size = MESSAGE_HEADER_SIZE + messages.readUInt32LE(from + PAYLOAD_LENGTH_AT) + messages.readUInt32LE(from + USER_HEADERS_LENGTH_AT);
    const id = messages.toString('latin1', from + ID_AT, from + ID_AT + ID_BYTES);
    const isZero = messages.readBigUInt64LE(from + ID_AT) === 0n && messages.readBigUInt64LE(from + ID_AT + 8) === 0n;
    let keep = true;
    if (!isZero) {
      keep = deduplicator.tryInsert(id, now);
      if (keep) insertedIds.push(id);
    }
    if (keep) {
      if (to !== from) messages.copy(messages, to, from, from + size);
      to += size;
      kept += 1;
    }
    from += size;
  }
  return { messages: to === from ? messages : messages.subarray(0, to), messagesCount: kept, insertedIds };
}
