import type { BenchArgs } from '../args/bench-args.js';
import type { ActorConnection, ActorSpec } from '../actors/actor-spec.js';
import { measureNetCeiling, type NetCeiling } from '../net-ceiling/measure-net-ceiling.js';
import { buildReport, type BenchReport } from '../report/bench-report.js';
import { gitCommit, machineInfo } from '../report/machine-info.js';
import { planWorkload, TOPIC_NAME, type WorkloadPlan } from '../workloads/plan-workload.js';
import { connectAdmin, initStreams } from './init-streams.js';
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
  if (args.netCeiling) {
    log(`measuring the loopback TCP ceiling for ${args.netCeilingSeconds} s...`);
    netCeiling = await measureNetCeiling(args.netCeilingSeconds);
    log(`net ceiling: ${netCeiling.mbPerSecond.toFixed(0)} MB/s`);
  }
  let server: LocalServer | null = null;
  try {
    let host: string;
    let port: number;
    if (args.serverAddress === null) {
      server = await startLocalServer({ shards: args.serverShards, transport: args.transport });
      ({ host, port } = server);
      log(`started server pid ${server.pid} on ${host}:${port} (${server.shardCount ?? '?'} shards), data in ${server.dataDir}`);
    } else {
      const address = parseAddress(args.serverAddress);
      if (!address) throw new Error(`bad --server-address ${args.serverAddress}`);
      ({ host, port } = address);
    }
    const connection: ActorConnection = { host, port, transport: args.transport, username: 'iggy', password: 'iggy' };
    const plan = planWorkload(args);
    const admin = await connectAdmin(host, port, args.transport);
    try {
      const stored = await initStreams(admin, args, plan);
      const prefill = prefillSpecs(plan, stored);
      if (prefill.length > 0) {
        log(`prefilling ${prefill.length} stream(s) with ${plan.prefillMessagesPerStream} messages each (not measured)...`);
        await runActors(prefill, connection);
      }
    } finally {
      await admin.close();
    }

    const serverPid = server?.pid ?? options.serverPid ?? null;
    const expected = plan.actors.reduce((t, a) => t + a.batchesToSend * a.messagesPerBatch + a.messagesToReceive, 0);
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
        shardCount: server?.shardCount ?? null,
        pid: serverPid,
        cpuMs: serverCpuMs,
        cpuUsPerMessage: serverCpuMs === null || messages === 0 ? null : (serverCpuMs * 1000) / messages,
        rssBytesAfter: serverPid === null ? null : processRssBytes(serverPid),
      },
      netCeiling,
      results: run.results,
      startedAtMs: run.startedAtMs,
      endedAtMs: run.endedAtMs,
      clientCpuMs: run.clientCpuMs,
    });
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
      batchesToSend: Math.ceil(missing / template.messagesPerBatch),
      messagesToReceive: 0,
      warmupTimeMs: 0,
    });
  }
  return specs;
}
