import { assert } from '../assert.js';

/**
 * Id-keyed store whose new entries take the lowest free slot: Iggy's slab (slab crate) as it
 * behaves after a restart. Iggy hands out the most recently freed slot while running and the
 * lowest gap after a restart; we always take the lowest gap so that an id never depends on
 * whether the server was restarted in between (server-semantics.md §1.2).
 *
 * Not thread-shared: each thread that holds metadata has its own copy.
 */
export class Slab<T> {
  #slots: (T | undefined)[] = [];
  #size = 0;
  /** Lowest index that may be free; every slot below it is occupied. */
  #freeHint = 0;

  get size(): number {
    return this.#size;
  }

  /** The id the next insert() will use. */
  nextId(): number {
    let id = this.#freeHint;
    while (id < this.#slots.length && this.#slots[id] !== undefined) id += 1;
    this.#freeHint = id;
    return id;
  }

  /** Stores a value built for the lowest free id and returns that value. */
  insert(build: (id: number) => T): T {
    const id = this.nextId();
    const value = build(id);
    this.insertAt(id, value);
    return value;
  }

  /** Stores a value at a given id (replay, snapshots); the slot must be free. */
  insertAt(id: number, value: T): void {
    assert(Number.isInteger(id) && id >= 0, `slab id ${id} is not a non-negative integer`);
    assert(value !== undefined, 'slab cannot hold undefined');
    assert(this.#slots[id] === undefined, `slab slot ${id} is already occupied`);
    while (this.#slots.length < id) this.#slots.push(undefined);
    this.#slots[id] = value;
    this.#size += 1;
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  get(id: number): T | undefined {
    if (!Number.isInteger(id) || id < 0) return undefined;
    return this.#slots[id];
  }

  /** Removes and returns the value at `id`, or undefined when the slot was free. */
  delete(id: number): T | undefined {
    const value = this.get(id);
    if (value === undefined) return undefined;
    this.#slots[id] = undefined;
    this.#size -= 1;
    if (id < this.#freeHint) this.#freeHint = id;
    // Trim trailing free slots so the array does not keep growing with churn at the end.
    while (this.#slots.length > 0 && this.#slots[this.#slots.length - 1] === undefined) this.#slots.pop();
    return value;
  }

  /** Values in ascending id order. */
  *values(): IterableIterator<T> {
    for (const value of this.#slots) if (value !== undefined) yield value;
  }

  /** [id, value] pairs in ascending id order. */
  *entries(): IterableIterator<[number, T]> {
    for (let id = 0; id < this.#slots.length; id += 1) {
      const value = this.#slots[id];
      if (value !== undefined) yield [id, value];
    }
  }

  /** First value (in id order) that satisfies `predicate`. */
  find(predicate: (value: T) => boolean): T | undefined {
    for (const value of this.#slots) if (value !== undefined && predicate(value)) return value;
    return undefined;
  }
}
