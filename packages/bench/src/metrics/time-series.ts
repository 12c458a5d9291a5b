import type { ActorRecords } from '../actors/actor-spec.js';

/** Points of a series: x in seconds since the run started, y in the series unit. */
export interface TimeSeries {
  xSeconds: number[];
  y: number[];
}

/**
 * Throughput per sampling bucket (each batch counted in the bucket where it completed), as
 * MB/s (user data, 1 MB = 1e6 B) and msgs/s, and the mean batch latency per bucket (ms).
 */
export function bucketize(records: ActorRecords[], runStartMs: number, samplingMs: number): { mbPerSecond: TimeSeries; messagesPerSecond: TimeSeries; latencyMs: TimeSeries } {
  let lastMs = runStartMs;
  for (const r of records) for (let i = 0; i < r.startMs.length; i++) lastMs = Math.max(lastMs, r.startMs[i]! + r.latencyUs[i]! / 1000);
  const buckets = Math.max(1, Math.ceil((lastMs - runStartMs) / samplingMs));
  const bytes = new Float64Array(buckets);
  const messages = new Float64Array(buckets);
  const latencySum = new Float64Array(buckets);
  const latencyCount = new Float64Array(buckets);
  for (const r of records) {
    for (let i = 0; i < r.startMs.length; i++) {
      const endMs = r.startMs[i]! + r.latencyUs[i]! / 1000;
      const b = Math.min(buckets - 1, Math.max(0, Math.floor((endMs - runStartMs) / samplingMs)));
      bytes[b]! += r.userDataBytes[i]!;
      messages[b]! += r.messages[i]!;
      latencySum[b]! += r.latencyUs[i]! / 1000;
      latencyCount[b]!++;
    }
  }
  const perSecond = 1000 / samplingMs;
  const x = Array.from({ length: buckets }, (_, b) => ((b + 1) * samplingMs) / 1000);
  const latencyX: number[] = [];
  const latencyY: number[] = [];
  for (let b = 0; b < buckets; b++) {
    if (latencyCount[b]! > 0) {
      latencyX.push(x[b]!);
      latencyY.push(latencySum[b]! / latencyCount[b]!);
    }
  }
  return {
    mbPerSecond: { xSeconds: x, y: Array.from(bytes, (v) => (v * perSecond) / 1e6) },
    messagesPerSecond: { xSeconds: x, y: Array.from(messages, (v) => v * perSecond) },
    latencyMs: { xSeconds: latencyX, y: latencyY },
  };
}

/** Simple moving average over `window` points (Iggy's --moving-average-window), same length as the input. */
export function movingAverage(series: TimeSeries, window: number): TimeSeries {
  const y: number[] = [];
  let sum = 0;
  for (let i = 0; i < series.y.length; i++) {
    sum += series.y[i]!;
    if (i >= window) sum -= series.y[i - window]!;
    y.push(sum / Math.min(i + 1, window));
  }
  return { xSeconds: series.xSeconds.slice(), y };
}
