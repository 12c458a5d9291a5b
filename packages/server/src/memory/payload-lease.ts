/**
 * A request payload that a connection assembled in a memory-pool slot, lent to the operation that
 * handles it. The operation may `take()` the slot (a batch moving to another shard by reference:
 * the owner then releases it); otherwise the lender releases it once the operation has finished.
 * Either way the slot goes back exactly once.
 */
import type { PoolSlot } from './memory-pool.js';

export class PayloadLease {
  #taken = false;
  constructor(readonly slot: PoolSlot) {}

  get taken(): boolean {
    return this.#taken;
  }

  take(): PoolSlot {
    if (this.#taken) throw new Error('payload slot taken twice');
    this.#taken = true;
    return this.slot;
  }
}
