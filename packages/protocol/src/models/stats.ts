import type { BufferReader } from '../buffer-reader.js';
import { BufferWriter } from '../buffer-writer.js';

/** One entry of the (always empty at 0.7.0) cache metrics map: 32 bytes. */
export interface CacheMetricsEntry {
  streamId: number;
  topicId: number;
  partitionId: number;
  hits: bigint;
  misses: bigint;
  hitRatio: number;
}

/** GetStats response (§12.1). Sizes in bytes, times in µs. */
export interface Stats {
  processId: number;
  cpuUsage: number;
  totalCpuUsage: number;
  memoryUsage: bigint;
  totalMemory: bigint;
  availableMemory: bigint;
  runTime: bigint;
  startTime: bigint;
  readBytes: bigint;
  writtenBytes: bigint;
  messagesSizeBytes: bigint;
  streamsCount: number;
  topicsCount: number;
  partitionsCount: number;
  segmentsCount: number;
  messagesCount: bigint;
  clientsCount: number;
  consumerGroupsCount: number;
  hostname: string;
  osName: string;
  osVersion: string;
  kernelVersion: string;
  iggyServerVersion: string;
  /** major·1 000 000 + minor·1 000 + patch (7000 for 0.7.0); null when absent (older servers). */
  iggyServerSemver: number | null;
  cacheMetrics: CacheMetricsEntry[];
}

/** Numeric server version as Iggy encodes it. */
export function semverNumber(major: number, minor: number, patch: number): number {
  return major * 1_000_000 + minor * 1_000 + patch;
}

export function writeStats(writer: BufferWriter, stats: Stats): void {
  writer
    .u32(stats.processId)
    .f32(stats.cpuUsage)
    .f32(stats.totalCpuUsage)
    .u64(stats.memoryUsage)
    .u64(stats.totalMemory)
    .u64(stats.availableMemory)
    .u64(stats.runTime)
    .u64(stats.startTime)
    .u64(stats.readBytes)
    .u64(stats.writtenBytes)
    .u64(stats.messagesSizeBytes)
    .u32(stats.streamsCount)
    .u32(stats.topicsCount)
    .u32(stats.partitionsCount)
    .u32(stats.segmentsCount)
    .u64(stats.messagesCount)
    .u32(stats.clientsCount)
    .u32(stats.consumerGroupsCount)
    .str32(stats.hostname)
    .str32(stats.osName)
    .str32(stats.osVersion)
    .str32(stats.kernelVersion)
    .str32(stats.iggyServerVersion);
  // The original writes the semver only when it knows one (always at 0.7.0); without it the
  // cache metrics cannot follow either, since decoders read them positionally.
  if (stats.iggyServerSemver === null) return;
  writer.u32(stats.iggyServerSemver).u32(stats.cacheMetrics.length);
  for (const entry of stats.cacheMetrics) {
    writer.u32(entry.streamId).u32(entry.topicId).u32(entry.partitionId).u64(entry.hits).u64(entry.misses).f32(entry.hitRatio);
  }
}

export function encodeStats(stats: Stats): Buffer {
  const writer = new BufferWriter(256);
  writeStats(writer, stats);
  return writer.view();
}

/** Everything after os_version is optional (older servers), as in the SDK decoders. */
export function readStats(reader: BufferReader): Stats {
  const stats: Stats = {
    processId: reader.u32(),
    cpuUsage: reader.f32(),
    totalCpuUsage: reader.f32(),
    memoryUsage: reader.u64(),
    totalMemory: reader.u64(),
    availableMemory: reader.u64(),
    runTime: reader.u64(),
    startTime: reader.u64(),
    readBytes: reader.u64(),
    writtenBytes: reader.u64(),
    messagesSizeBytes: reader.u64(),
    streamsCount: reader.u32(),
    topicsCount: reader.u32(),
    partitionsCount: reader.u32(),
    segmentsCount: reader.u32(),
    messagesCount: reader.u64(),
    clientsCount: reader.u32(),
    consumerGroupsCount: reader.u32(),
    hostname: reader.str32(),
    osName: reader.str32(),
    osVersion: reader.str32(),
    kernelVersion: '',
    iggyServerVersion: '',
    iggyServerSemver: null,
    cacheMetrics: [],
  };
  if (reader.remaining === 0) return stats;
  stats.kernelVersion = reader.str32();
  if (reader.remaining === 0) return stats;
  stats.iggyServerVersion = reader.str32();
  if (reader.remaining === 0) return stats;
  stats.iggyServerSemver = reader.u32();
  if (reader.remaining === 0) return stats;
  const count = reader.u32();
  reader.ensure(count * 32);
  for (let index = 0; index < count; index++) {
    stats.cacheMetrics.push({
      streamId: reader.u32(),
      topicId: reader.u32(),
      partitionId: reader.u32(),
      hits: reader.u64(),
      misses: reader.u64(),
      hitRatio: reader.f32(),
    });
  }
  return stats;
}
