import type { BenchArgs } from '../args/bench-args.js';
import type { ActorConnection, ActorSpec } from '../actors/actor-spec.js';
import { measureNetCeiling, type NetCeiling } from '../net-ceiling/measure-net-ceiling.js';
import { measureProtocolCeiling, type ProtocolCeiling } from '../net-ceiling/protocol-ceiling.js';
import { buildReport, type BenchReport } from '../report/bench-report.js';
import { gitCommit, machineInfo } from '../report/machine-info.js';
import { planWorkload, TOPIC_NAME, type WorkloadPlan } from '../workloads/plan-workload.js';
import { messagesIn, type BatchShape } from '../workloads/batch-shapes.js';
import { cleanupStreams, connectAdmin, initStreams } from './init-streams.js';
import { countServerShards, localServerPid } from './server-shards.js';
import { parseAddress, startLocalServer, type LocalServer } from './local-server.js';
import { processCpuMs, processRssBytes } from './process-stats.js';
import { ProgressLine } from './progress-line.js';
import { runActors } from './run-actors.js';

export interface RunOptions {
  /** Lines for the user (info, the final table); default console.log. */
  log?: (line: string) => void;
  /** Server pid for CPU/RSS figures when --server-address points at a server we did not start. */
  serverPid?: number | null;
}

/** One benchmark run: server (ours or given), streams, optional prefill, the actors, the report. */
export async function runBenchmark(args: BenchArgs, options: RunOptions = {}): Promise<BenchReport> {
  const log = options.log ?? ((line: string) => console.log(line));
  const machine = machineInfo(args.identifier);
  let netCeiling: NetCeiling | null = null;
  let protocolCeiling: ProtocolCeiling | null = null;
  if (args.netCeiling) {
    log(`measuring the loopback TCP ceiling for ${args.netCeilingSeconds} s...`);
    netCeiling = await measureNetCeiling(args.netCeilingSeconds);
    log(`net ceiling: ${netCeiling.mbPerSecond.toFixed(0)} MB/s`);
    const roles = planWorkload(args).actors.map((a) => a.role);
    log(`measuring the ack-only and serve-only Node servers for ${args.netCeilingSeconds} s each...`);
    protocolCeiling = await measureProtocolCeiling({
      seconds: args.netCeilingSeconds,
      messagesPerBatch: args.messagesPerBatch,
      messageSizeBytes: args.messageSizeBytes,
      ackConnections: roles.filter((r) => r !== 'consumer').length,
      serveConnections: roles.filter((r) => r !== 'producer').length,
    });
    const { ackOnly, serveOnly } = protocolCeiling;
    log(`ack-only Node server: ${Math.round(ackOnly.messagesPerSecond).toLocaleString('en-US')} msgs/s (${ackOnly.connections} connection(s)); serve-only: ${Math.round(serveOnly.messagesPerSecond).toLocaleString('en-US')} msgs/s (${serveOnly.connections})`);
  }
  let server: LocalServer | null = null;
  try {
    let host: string;
    let port: number;
    if (args.serverAddress === null) {
      server = await startLocalServer({ shards: args.serverShards, transport: args.transport, serverMain: args.serverMain });
      ({ host, port } = server);
      log(`started server pid ${server.pid} on ${host}:${port} (${server.shardCount ?? '?'} shards), data in ${server.dataDir}`);
    } else {
      const address = parseAddress(args.serverAddress);
      if (!address) throw new Error(`bad --server-address ${args.serverAddress}`);
      ({ host, port } = address);
    }
    const connection: ActorConnection = { host, port, transport: args.transport, username: args.username, password: args.password };
    const plan = planWorkload(args);
    if (args.transport === 'http' && plan.consumerGroups.length > 0) {
      throw new Error(`${args.kind} uses consumer groups, which Iggy's HTTP API cannot join; run it over tcp or websocket`);
    }
    const admin = await connectAdmin(host, port, args.username, args.password, args.transport);
    let externalShards: number | null = null;
    let externalPid: number | null = null;
    try {
      if (server === null) {
        externalShards = await countServerShards(admin, host);
        externalPid = options.serverPid ?? (await localServerPid(admin, host));
        log(`server ${host}:${port}: ${externalShards === null ? 'shard count unknown (not on this machine)' : `${externalShards} shard(s)`}`);
      }
      const stored = await initStreams(admin, args, plan);
      const prefill = prefillSpecs(plan, stored);
      if (prefill.length > 0) {
        log(`prefilling ${prefill.length} stream(s) with ${plan.prefillMessagesPerStream} messages each (not measured)...`);
        await runActors(prefill, connection);
      }
    } finally {
      await admin.close();
    }

    const serverPid = server?.pid ?? externalPid;
    const expected = plan.actors.reduce((t, a) => t + messagesIn(a.batchShapes, a.batchesToSend) + a.messagesToReceive, 0);
    const progress = args.progress ? new ProgressLine(expected) : null;
    log(`running ${args.kind}: ${plan.actors.length} actor(s), ${plan.streams} stream(s) x ${plan.partitions} partition(s)`);
    const serverCpuBefore = serverPid === null ? null : processCpuMs(serverPid);
    const run = await runActors(plan.actors, connection, (messages, bytes) => progress?.update(messages, bytes));
    const serverCpuAfter = serverPid === null ? null : processCpuMs(serverPid);
    progress?.finish();
    const messages = run.results.reduce((t, r) => t + r.records.messages.reduce((s, m) => s + m, 0), 0);
    const serverCpuMs = serverCpuBefore === null || serverCpuAfter === null ? null : serverCpuAfter - serverCpuBefore;
    const report = buildReport({
      args,
      machine,
      gitCommit: args.gitref ?? gitCommit(),
      server: {
        startedByBench: server !== null,
        address: `${host}:${port}`,
        shardCount: server?.shardCount ?? externalShards,
        pid: serverPid,
        cpuMs: serverCpuMs,
        cpuUsPerMessage: serverCpuMs === null || messages === 0 ? null : (serverCpuMs * 1000) / messages,
        rssBytesAfter: serverPid === null ? null : processRssBytes(serverPid),
      },
      netCeiling,
      protocolCeiling,
      results: run.results,
      startedAtMs: run.startedAtMs,
      endedAtMs: run.endedAtMs,
      clientCpuMs: run.clientCpuMs,
    });
    if (args.cleanup && server === null) {
      const removed = await cleanupStreams(host, port, args.username, args.password, planWorkload(args), args.transport);
      log(`--cleanup: deleted ${removed} bench stream(s)`);
    }
    return report;
  } finally {
    await server?.stop();
  }
}

/** Producers that top each stream up to what the consumers will read, for consumer-only kinds. */
function prefillSpecs(plan: WorkloadPlan, stored: Map<string, bigint>): ActorSpec[] {
  if (plan.prefillMessagesPerStream === 0) return [];
  const template = plan.actors[0]!;
  const specs: ActorSpec[] = [];
  let id = 1;
  for (const [streamName, count] of stored) {
    const missing = plan.prefillMessagesPerStream - Number(count);
    if (missing <= 0) continue;
    specs.push({
      ...template,
      role: 'producer',
      actorId: id++,
      streamName,
      topicName: TOPIC_NAME,
      partitionId: plan.partitions > 1 ? null : 0,
      consumerGroup: null,
      batchesToSend: batchesFor(template.batchShapes, missing),
      messagesToReceive: 0,
      warmupTimeMs: 0,
    });
  }
  return specs;
}

/** The fewest batches of the cycle that hold at least `messages` messages. */
function batchesFor(shapes: readonly BatchShape[], messages: number): number {
  let batches = Math.floor(messages / shapes.reduce((t, s) => t + s.messagesCount, 0)) * shapes.length;
  while (messagesIn(shapes, batches) < messages) batches++;
  return batches;
}
