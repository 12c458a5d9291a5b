import type { ActorRecords } from '../actors/actor-spec.js';
import type { TimeSeries } from './time-series.js';

/** Histogram bars: [lowerMs, upperMs) with the number of batches whose latency fell there. */
export interface LatencyHistogram {
  lowerMs: number[];
  upperMs: number[];
  counts: number[];
}

/** Bars for the histogram: enough to see the shape, few enough to read. */
const HISTOGRAM_BINS = 40;

function allLatenciesMs(records: ActorRecords[]): Float64Array {
  const total = records.reduce((t, r) => t + r.latencyUs.length, 0);
  const out = new Float64Array(total);
  let at = 0;
  for (const r of records) for (let i = 0; i < r.latencyUs.length; i++) out[at++] = r.latencyUs[i]! / 1000;
  return out;
}

/**
 * Batch latencies in equal-width bins from 0 to the 99.9th percentile; the rare slower batches go
 * in a last bar that ends at the maximum, so one outlier does not squash every other bar.
 */
export function latencyHistogram(records: ActorRecords[]): LatencyHistogram {
  const latencies = allLatenciesMs(records).sort();
  if (latencies.length === 0) return { lowerMs: [], upperMs: [], counts: [] };
  const max = latencies[latencies.length - 1]!;
  const p999 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.999))]!;
  const top = p999 > 0 ? p999 : max || 1;
  const width = top / HISTOGRAM_BINS;
  const lowerMs = Array.from({ length: HISTOGRAM_BINS }, (_, i) => i * width);
  const upperMs = lowerMs.map((lower) => lower + width);
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  let tail = 0;
  for (const latency of latencies) {
    if (latency >= top && latency > 0 && max > top) tail++;
    else counts[Math.min(HISTOGRAM_BINS - 1, Math.floor(latency / width))]!++;
  }
  if (tail > 0) {
    lowerMs.push(top);
    upperMs.push(max);
    counts.push(tail);
  }
  return { lowerMs, upperMs, counts };
}

/** The 99th percentile of the batch latencies that completed in each sampling bucket (ms). */
export function p99OverTime(records: ActorRecords[], runStartMs: number, samplingMs: number): TimeSeries {
  const buckets = new Map<number, number[]>();
  for (const r of records) {
    for (let i = 0; i < r.startMs.length; i++) {
      const latencyMs = r.latencyUs[i]! / 1000;
      const bucket = Math.max(0, Math.floor((r.startMs[i]! + latencyMs - runStartMs) / samplingMs));
      let list = buckets.get(bucket);
      if (!list) buckets.set(bucket, (list = []));
      list.push(latencyMs);
    }
  }
  const xSeconds: number[] = [];
  const y: number[] = [];
  for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
    const list = buckets.get(bucket)!.sort((a, b) => a - b);
    xSeconds.push(((bucket + 1) * samplingMs) / 1000);
    y.push(list[Math.min(list.length - 1, Math.ceil(list.length * 0.99) - 1)]!);
  }
  return { xSeconds, y };
}
