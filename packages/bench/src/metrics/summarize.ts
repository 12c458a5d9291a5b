import type { ActorRecords, ActorResult } from '../actors/actor-spec.js';
import { latencyStats, type LatencyStats } from './latency-stats.js';

export interface ActorSummary extends LatencyStats {
  actorId: number;
  role: ActorResult['spec']['role'];
  streamName: string;
  totalTimeSeconds: number;
  totalMessages: number;
  totalMessageBatches: number;
  totalUserDataBytes: number;
  totalBytes: number;
  throughputMbPerSecond: number;
  throughputMessagesPerSecond: number;
  /** Share of one core this actor's thread used while it ran (1 = a full core). */
  threadCpuShare: number | null;
  error: string | null;
}

export interface GroupSummary extends LatencyStats {
  kind: string;
  actors: number;
  /** Sum over actors (Iggy's total_throughput_*). */
  totalThroughputMbPerSecond: number;
  totalThroughputMessagesPerSecond: number;
  averageThroughputMbPerSecond: number;
  averageThroughputMessagesPerSecond: number;
  totalMessages: number;
  totalUserDataBytes: number;
  /** All the group's messages over the group's span (first batch start to last batch end): lower than the sum when actors finish at different times. */
  wallThroughputMbPerSecond: number;
  wallThroughputMessagesPerSecond: number;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

/** Span from the first batch start to the last batch end, in seconds. */
function spanSeconds(records: ActorRecords): number {
  const n = records.startMs.length;
  if (n === 0) return 0;
  let end = 0;
  for (let i = 0; i < n; i++) end = Math.max(end, records.startMs[i]! + records.latencyUs[i]! / 1000);
  return (end - records.startMs[0]!) / 1000;
}

export function summarizeActor(result: ActorResult): ActorSummary {
  const r = result.records;
  const seconds = spanSeconds(r);
  const userBytes = sum(r.userDataBytes);
  const messages = sum(r.messages);
  return {
    actorId: result.spec.actorId,
    role: result.spec.role,
    streamName: result.spec.streamName,
    totalTimeSeconds: seconds,
    totalMessages: messages,
    totalMessageBatches: r.startMs.length,
    totalUserDataBytes: userBytes,
    totalBytes: sum(r.totalBytes),
    throughputMbPerSecond: seconds > 0 ? userBytes / 1e6 / seconds : 0,
    throughputMessagesPerSecond: seconds > 0 ? messages / seconds : 0,
    threadCpuShare: result.threadCpuMs === null || result.wallMs <= 0 ? null : result.threadCpuMs / result.wallMs,
    error: result.error,
    ...latencyStats(r.latencyUs),
  };
}

/** Aggregate of a group of actors: throughputs summed, latency percentiles over all their batches. */
export function summarizeGroup(kind: string, results: ActorResult[], actors: ActorSummary[]): GroupSummary {
  const all: number[] = [];
  for (const result of results) for (const v of result.records.latencyUs) all.push(v);
  let first = Infinity;
  let last = -Infinity;
  for (const result of results) {
    const r = result.records;
    for (let i = 0; i < r.startMs.length; i++) {
      first = Math.min(first, r.startMs[i]!);
      last = Math.max(last, r.startMs[i]! + r.latencyUs[i]! / 1000);
    }
  }
  const spanSeconds = last > first ? (last - first) / 1000 : 0;
  const totalMessages = actors.reduce((t, a) => t + a.totalMessages, 0);
  const totalUserDataBytes = actors.reduce((t, a) => t + a.totalUserDataBytes, 0);
  const mb = actors.reduce((t, a) => t + a.throughputMbPerSecond, 0);
  const msgs = actors.reduce((t, a) => t + a.throughputMessagesPerSecond, 0);
  return {
    kind,
    actors: actors.length,
    totalThroughputMbPerSecond: mb,
    totalThroughputMessagesPerSecond: msgs,
    averageThroughputMbPerSecond: actors.length ? mb / actors.length : 0,
    averageThroughputMessagesPerSecond: actors.length ? msgs / actors.length : 0,
    totalMessages,
    totalUserDataBytes,
    wallThroughputMbPerSecond: spanSeconds > 0 ? totalUserDataBytes / 1e6 / spanSeconds : 0,
    wallThroughputMessagesPerSecond: spanSeconds > 0 ? totalMessages / spanSeconds : 0,
    ...latencyStats(all),
  };
}
