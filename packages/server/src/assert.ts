import nodeAssert from 'node:assert/strict';

/**
 * Programmer-error checks. A failed assert means our own invariant broke, not bad input: the
 * shard crashes and the coordinator takes the server down (never answer on corrupt state).
 */
export function assert(condition: unknown, message: string): asserts condition {
  nodeAssert.ok(condition, message);
}
