/**
 * System operations (Iggy shard/system/stats.rs, snapshot, cluster): statistics over every
 * shard's partitions and connections, the diagnostic snapshot archive, and cluster metadata.
 */
import os from 'node:os';
import {
  ClusterNodeRole,
  ClusterNodeStatus,
  type ClusterMetadata,
  type GetSnapshotRequest,
  type Stats,
} from '@iggy-node/protocol';
import { assertAllowed } from '../../auth/permissioner.js';
import { parseHostPort } from '../../config/host-port.js';
import { gatherPartitionStats } from '../system/record-views.js';
import { buildSnapshotArchive } from '../system/snapshot-archive.js';
import { countClients } from './clients.js';
import { callerId, type OperationContext } from './context.js';

const SERVER_VERSION = '0.7.0';
const SERVER_SEMVER = 7000;

let lastCpuSample = { usage: process.cpuUsage(), atMs: Date.now() };

function processCpuPercent(): number {
  const now = Date.now();
  const usage = process.cpuUsage();
  const elapsedMs = Math.max(1, now - lastCpuSample.atMs);
  const usedMs = (usage.user - lastCpuSample.usage.user + usage.system - lastCpuSample.usage.system) / 1000;
  lastCpuSample = { usage, atMs: now };
  return (usedMs / elapsedMs) * 100;
}

function hostCpuPercent(): number {
  const load = os.loadavg()[0] ?? 0;
  return Math.min(100, (load / os.availableParallelism()) * 100);
}

export async function getStats(context: OperationContext): Promise<Stats> {
  const { shard } = context;
  assertAllowed(shard.metadata, callerId(context), 'readServers');
  const stats = await gatherPartitionStats(shard, null, null);
  const clientsCount = await countClients(context);
  let messagesCount = 0;
  let sizeBytes = 0;
  let segmentsCount = 0;
  for (const entry of stats.values()) {
    messagesCount += entry.messagesCount;
    sizeBytes += entry.sizeBytes;
    segmentsCount += entry.segmentsCount;
  }
  let topicsCount = 0;
  let partitionsCount = 0;
  let consumerGroupsCount = 0;
  for (const stream of shard.metadata.streams.values()) {
    for (const topic of stream.topics.values()) {
      topicsCount++;
      partitionsCount += topic.partitions.length;
      consumerGroupsCount += topic.consumerGroups.size;
    }
  }
  const memory = process.memoryUsage();
  const resources = process.resourceUsage();
  const nowMicros = BigInt(Date.now()) * 1000n;
  return {
    processId: process.pid,
    cpuUsage: processCpuPercent(),
    totalCpuUsage: hostCpuPercent(),
    memoryUsage: BigInt(memory.rss),
    totalMemory: BigInt(os.totalmem()),
    availableMemory: BigInt(os.freemem()),
    runTime: nowMicros - shard.startedAtMicros,
    startTime: shard.startedAtMicros,
    // fsRead/fsWrite are 512-byte blocks (getrusage).
    readBytes: BigInt(resources.fsRead) * 512n,
    writtenBytes: BigInt(resources.fsWrite) * 512n,
    messagesSizeBytes: BigInt(sizeBytes),
    streamsCount: shard.metadata.streams.size,
    topicsCount,
    partitionsCount,
    segmentsCount,
    messagesCount: BigInt(messagesCount),
    clientsCount,
    consumerGroupsCount,
    hostname: os.hostname(),
    osName: os.type(),
    osVersion: os.release(),
    kernelVersion: os.version(),
    iggyServerVersion: SERVER_VERSION,
    iggyServerSemver: SERVER_SEMVER,
    cacheMetrics: [],
  };
}

/** The ZIP archive of diagnostics (Iggy answers it to any logged-in user). */
export async function getSnapshot(context: OperationContext, request: GetSnapshotRequest): Promise<Buffer> {
  callerId(context);
  return buildSnapshotArchive(context.shard.config, request.compression, request.types);
}

export function getClusterMetadata(context: OperationContext): ClusterMetadata {
  callerId(context);
  const { config } = context.shard;
  const tcp = parseHostPort(context.shard.boundAddress('tcp') ?? config.tcp.address);
  const portOf = (address: string | null): number => {
    if (address === null) return 0;
    try {
      return parseHostPort(address).port;
    } catch {
      return 0;
    }
  };
  const current = {
    ip: tcp.host,
    tcpPort: tcp.port,
    quicPort: portOf(context.shard.boundAddress('quic') ?? config.quic.address),
    httpPort: portOf(context.shard.boundAddress('http') ?? config.http.address),
    websocketPort: portOf(context.shard.boundAddress('websocket') ?? config.websocket.address),
    role: ClusterNodeRole.Leader,
    status: ClusterNodeStatus.Healthy,
  };
  // Without clustering Iggy 0.7 answers one node named "iggy-node" in "single-node".
  if (!config.cluster.enabled) return { name: 'single-node', nodes: [{ name: 'iggy-node', ...current }] };
  // With [cluster] enabled the configured nodes are reported; this server is the leader
  // (0.7 has no replication: the other nodes are only described, as Iggy does).
  const cluster = config.cluster;
  return {
    name: cluster.name,
    nodes: [
      { ...current, name: cluster.node.current.name, ip: cluster.node.current.ip },
      ...cluster.node.others.map((other) => ({
        name: other.name,
        ip: other.ip,
        tcpPort: other.ports.tcp ?? current.tcpPort,
        quicPort: other.ports.quic ?? current.quicPort,
        httpPort: other.ports.http ?? current.httpPort,
        websocketPort: other.ports.websocket ?? current.websocketPort,
        role: ClusterNodeRole.Follower,
        status: ClusterNodeStatus.Healthy,
      })),
    ],
  };
}
