import type { BenchArgs } from '../args/bench-args.js';

/** Messages and message size of one batch variant an actor sends. */
export interface BatchShape {
  messagesCount: number;
  messageSizeBytes: number;
}

/** Variants an actor cycles through when a range is given: enough to cover it, few enough to prebuild. */
const SHAPES_PER_RANGE = 16;

/**
 * Iggy draws each batch's message count and size at random from the --messages-per-batch and
 * --message-size ranges. Here every actor cycles through a fixed set spread evenly over both
 * ranges (sizes in a shuffled order, so the two do not rise together): the same coverage, and the
 * totals every consumer waits for are known exactly in advance.
 */
export function batchShapes(args: Pick<BenchArgs, 'messagesPerBatchRange' | 'messageSizeRange'>): BatchShape[] {
  const { messagesPerBatchRange: counts, messageSizeRange: sizes } = args;
  if (counts.min === counts.max && sizes.min === sizes.max) return [{ messagesCount: counts.min, messageSizeBytes: sizes.min }];
  const spread = (min: number, max: number, i: number) => Math.round(min + ((max - min) * i) / (SHAPES_PER_RANGE - 1));
  return Array.from({ length: SHAPES_PER_RANGE }, (_, i) => ({
    messagesCount: spread(counts.min, counts.max, i),
    // 7 is coprime with 16: a permutation of the indexes.
    messageSizeBytes: spread(sizes.min, sizes.max, (i * 7) % SHAPES_PER_RANGE),
  }));
}

/** Messages in the first `batches` batches of the cycle. */
export function messagesIn(shapes: readonly BatchShape[], batches: number): number {
  const perCycle = shapes.reduce((total, shape) => total + shape.messagesCount, 0);
  const cycles = Math.floor(batches / shapes.length);
  let total = cycles * perCycle;
  for (let i = 0; i < batches % shapes.length; i++) total += shapes[i]!.messagesCount;
  return total;
}

/** Mean user-data bytes per batch over the cycle. */
export function meanBatchBytes(shapes: readonly BatchShape[]): number {
  return shapes.reduce((total, shape) => total + shape.messagesCount * shape.messageSizeBytes, 0) / shapes.length;
}
