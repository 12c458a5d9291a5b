import { percentile, sortedCopy } from './percentile.js';

export interface LatencyStats {
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  p999Ms: number;
  p9999Ms: number;
  avgMs: number;
  minMs: number;
  maxMs: number;
  stdDevMs: number;
}

/** Latency summary (ms) of per-batch latencies given in µs. */
export function latencyStats(latencyUs: ArrayLike<number>): LatencyStats {
  const sorted = sortedCopy(latencyUs);
  const n = sorted.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = n === 0 ? Number.NaN : sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (sorted[i]! - mean) ** 2;
  const ms = (us: number) => us / 1000;
  return {
    p50Ms: ms(percentile(sorted, 50)),
    p90Ms: ms(percentile(sorted, 90)),
    p95Ms: ms(percentile(sorted, 95)),
    p99Ms: ms(percentile(sorted, 99)),
    p999Ms: ms(percentile(sorted, 99.9)),
    p9999Ms: ms(percentile(sorted, 99.99)),
    avgMs: ms(mean),
    minMs: ms(n === 0 ? Number.NaN : sorted[0]!),
    maxMs: ms(n === 0 ? Number.NaN : sorted[n - 1]!),
    stdDevMs: ms(n === 0 ? Number.NaN : Math.sqrt(squares / n)),
  };
}
