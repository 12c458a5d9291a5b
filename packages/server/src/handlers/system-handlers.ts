/**
 * Ping, GetStats, GetSnapshot, GetClusterMetadata, GetMe, GetClient, GetClients
 * (Iggy binary/handlers/system, clients).
 */
import os from 'node:os';
import {
  ClusterNodeRole,
  ClusterNodeStatus,
  CommandCode,
  decodeGetClientRequest,
  decodeGetSnapshotRequest,
  encodeClientDetails,
  encodeClientRecord,
  encodeClusterMetadata,
  encodeStats,
  ErrorCode,
  expectEmptyPayload,
  IggyError,
  type ClientDetails,
  type Transport,
} from '@iggy-node/protocol';
import { assertAllowed } from '../auth/permissioner.js';
import type { ClientInfo } from '../bus/shard-messages.js';
import { parseHostPort } from '../config/host-port.js';
import { gatherPartitionStats } from '../shard/system/record-views.js';
import { buildSnapshotArchive } from '../shard/system/snapshot-archive.js';
import type { HandlerContext, HandlerRegistration } from './command-dispatcher.js';

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

async function allClients(context: HandlerContext): Promise<ClientInfo[]> {
  const answers = await context.shard.bus.sendToAllShards<'collectClients'>({ kind: 'collectClients' });
  return answers.flat();
}

function toDetails(client: ClientInfo): ClientDetails {
  return {
    clientId: client.clientId,
    userId: client.userId,
    transport: client.transport as Transport,
    address: client.address,
    consumerGroupsCount: client.consumerGroups.length,
    consumerGroups: client.consumerGroups,
  };
}

export function systemHandlers(): HandlerRegistration[] {
  return [
    {
      code: CommandCode.Ping,
      requiresAuthentication: false,
      handler: ({ session }, payload) => {
        expectEmptyPayload(payload);
        session.lastHeartbeatMs = Date.now();
        return null;
      },
    },
    {
      code: CommandCode.GetStats,
      requiresAuthentication: true,
      handler: async (context, payload) => {
        expectEmptyPayload(payload);
        const { shard, session } = context;
        assertAllowed(shard.metadata, session.userId!, 'readServers');
        const stats = await gatherPartitionStats(shard, null, null);
        const clients = await allClients(context);
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
        return encodeStats({
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
          clientsCount: clients.length,
          consumerGroupsCount,
          hostname: os.hostname(),
          osName: os.type(),
          osVersion: os.release(),
          kernelVersion: os.version(),
          iggyServerVersion: SERVER_VERSION,
          iggyServerSemver: SERVER_SEMVER,
          cacheMetrics: [],
        });
      },
    },
    {
      code: CommandCode.GetSnapshot,
      requiresAuthentication: true,
      handler: async ({ shard }, payload) => {
        const request = decodeGetSnapshotRequest(payload);
        return buildSnapshotArchive(shard.config, request.compression, request.types);
      },
    },
    {
      code: CommandCode.GetClusterMetadata,
      requiresAuthentication: true,
      handler: ({ shard }, payload) => {
        expectEmptyPayload(payload);
        const config = shard.config;
        const tcp = parseHostPort(shard.boundTcpAddress ?? config.tcp.address);
        const portOf = (address: string): number => {
          try {
            return parseHostPort(address).port;
          } catch {
            return 0;
          }
        };
        const current = {
          ip: tcp.host,
          tcpPort: tcp.port,
          quicPort: portOf(config.quic.address),
          httpPort: portOf(config.http.address),
          websocketPort: portOf(config.websocket.address),
          role: ClusterNodeRole.Leader,
          status: ClusterNodeStatus.Healthy,
        };
        // Without clustering Iggy 0.7 answers one node named "iggy-node" in "single-node".
        if (!config.cluster.enabled) return encodeClusterMetadata({ name: 'single-node', nodes: [{ name: 'iggy-node', ...current }] });
        // With [cluster] enabled the configured nodes are reported; this server is the leader
        // (0.7 has no replication: the other nodes are only described, as Iggy does).
        const cluster = config.cluster;
        return encodeClusterMetadata({
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
        });
      },
    },
    {
      code: CommandCode.GetMe,
      requiresAuthentication: true,
      handler: ({ shard, session }, payload) => {
        expectEmptyPayload(payload);
        const me = shard.clients.describe().find((c) => c.clientId === session.clientId);
        if (!me) throw new IggyError(ErrorCode.ClientNotFound);
        return encodeClientDetails(toDetails(me));
      },
    },
    {
      code: CommandCode.GetClient,
      requiresAuthentication: true,
      handler: async (context, payload) => {
        const { clientId } = decodeGetClientRequest(payload);
        assertAllowed(context.shard.metadata, context.session.userId!, 'readServers');
        const client = (await allClients(context)).find((c) => c.clientId === clientId);
        return client ? encodeClientDetails(toDetails(client)) : null;
      },
    },
    {
      code: CommandCode.GetClients,
      requiresAuthentication: true,
      handler: async (context, payload) => {
        expectEmptyPayload(payload);
        assertAllowed(context.shard.metadata, context.session.userId!, 'readServers');
        const clients = await allClients(context);
        return clients.length === 0 ? null : Buffer.concat(clients.map((c) => encodeClientRecord(toDetails(c))));
      },
    },
  ];
}
