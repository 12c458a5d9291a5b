import type { BenchArgs } from '../args/bench-args.js';
import type { ActorResult } from '../actors/actor-spec.js';
import { bucketize, movingAverage, type TimeSeries } from '../metrics/time-series.js';
import { latencyHistogram, p99OverTime, type LatencyHistogram } from '../metrics/latency-distribution.js';
import { summarizeActor, summarizeGroup, type ActorSummary, type GroupSummary } from '../metrics/summarize.js';
import type { NetCeiling } from '../net-ceiling/measure-net-ceiling.js';
import type { ProtocolCeiling } from '../net-ceiling/protocol-ceiling.js';
import type { MachineInfo } from './machine-info.js';

export interface ServerMeasurements {
  /** Our own server (started by the bench) or one given with --server-address. */
  startedByBench: boolean;
  address: string;
  shardCount: number | null;
  pid: number | null;
  /** Server process CPU (all threads) over the measured span, ms. */
  cpuMs: number | null;
  cpuUsPerMessage: number | null;
  rssBytesAfter: number | null;
}

export interface ClientCpu {
  /** Whole client process over the measured span, in cores (1 = one core busy all the time). */
  processCores: number;
  /** Highest share of a core any actor thread used. */
  busiestActorShare: number | null;
  /** True when the client, not the server, probably set the pace. */
  clientWasLimit: boolean;
  verdict: string;
}

export interface ActorSeries {
  actorId: number;
  role: string;
  throughputMbPerSecond: TimeSeries;
  throughputMessagesPerSecond: TimeSeries;
  latencyMs: TimeSeries;
}

export interface BenchReport {
  header: {
    tool: 'iggy-node iggy-bench';
    createdAt: string;
    machine: MachineInfo;
    gitCommit: string | null;
    command: string;
    config: Omit<BenchArgs, 'command'>;
    server: ServerMeasurements;
    netCeiling: NetCeiling | null;
    /** The ack-only / serve-only Node servers of the same run (with --net-ceiling). */
    protocolCeiling: ProtocolCeiling | null;
  };
  wallSeconds: number;
  clientCpu: ClientCpu;
  actors: ActorSummary[];
  groups: GroupSummary[];
  /** Aggregate group figures as a fraction of the net ceiling, when measured. */
  netCeilingFraction: Record<string, number> | null;
  /**
   * Group message rates (over the group's wall time) as a fraction of the protocol ceiling that
   * bounds them: sending groups of the ack-only server, polling groups of the serve-only one.
   */
  protocolCeilingFraction: Record<string, number> | null;
  series: {
    aggregate: Record<string, { throughputMbPerSecond: TimeSeries; throughputMessagesPerSecond: TimeSeries; latencyMs: TimeSeries; latencyP99Ms: TimeSeries }>;
    actors: ActorSeries[];
  };
  /** Batch latency distribution per group (producers, consumers, ...). */
  latencyHistograms: Record<string, LatencyHistogram>;
  errors: string[];
}

const GROUP_NAMES: Record<string, string> = { producer: 'producers', consumer: 'consumers', producing_consumer: 'producing_consumers' };

/** Client-limit rule: an actor thread near a full core, or the client taking most of the machine. */
export function judgeClientCpu(processCpuMs: number, wallMs: number, cores: number, actors: ActorSummary[]): ClientCpu {
  const processCores = wallMs > 0 ? processCpuMs / wallMs : 0;
  const shares = actors.map((a) => a.threadCpuShare).filter((s): s is number => s !== null);
  const busiestActorShare = shares.length ? Math.max(...shares) : null;
  const actorBound = busiestActorShare !== null && busiestActorShare >= 0.9;
  const machineBound = processCores >= 0.5 * cores;
  const clientWasLimit = actorBound || machineBound;
  const verdict = clientWasLimit
    ? `client may be the limit: ${actorBound ? `an actor thread used ${(busiestActorShare! * 100).toFixed(0)}% of a core` : ''}${actorBound && machineBound ? '; ' : ''}${machineBound ? `the client used ${processCores.toFixed(2)} of ${cores} cores` : ''}`
    : `client not the limit: ${processCores.toFixed(2)} of ${cores} cores, busiest actor thread ${busiestActorShare === null ? 'n/a' : `${(busiestActorShare * 100).toFixed(0)}%`} of a core`;
  return { processCores, busiestActorShare, clientWasLimit, verdict };
}

export interface ReportInputs {
  args: BenchArgs;
  machine: MachineInfo;
  gitCommit: string | null;
  server: ServerMeasurements;
  netCeiling: NetCeiling | null;
  protocolCeiling?: ProtocolCeiling | null;
  results: ActorResult[];
  startedAtMs: number;
  endedAtMs: number;
  clientCpuMs: number;
  createdAt?: Date;
}

export function buildReport(inputs: ReportInputs): BenchReport {
  const { args, results } = inputs;
  const actors = results.map(summarizeActor);
  const groups: GroupSummary[] = [];
  const aggregate: BenchReport['series']['aggregate'] = {};
  const latencyHistograms: BenchReport['latencyHistograms'] = {};
  const smooth = (s: TimeSeries) => movingAverage(s, args.movingAverageWindow);
  for (const role of ['producer', 'consumer', 'producing_consumer'] as const) {
    const members = results.filter((r) => r.spec.role === role);
    if (members.length === 0) continue;
    const name = GROUP_NAMES[role]!;
    groups.push(summarizeGroup(name, members, actors.filter((a) => a.role === role)));
    const s = bucketize(members.map((m) => m.records), inputs.startedAtMs, args.samplingTimeMs);
    const records = members.map((m) => m.records);
    aggregate[name] = {
      throughputMbPerSecond: smooth(s.mbPerSecond),
      throughputMessagesPerSecond: smooth(s.messagesPerSecond),
      latencyMs: smooth(s.latencyMs),
      latencyP99Ms: p99OverTime(records, inputs.startedAtMs, args.samplingTimeMs),
    };
    latencyHistograms[name] = latencyHistogram(records);
  }
  const actorSeries = results.map((r) => {
    const s = bucketize([r.records], inputs.startedAtMs, args.samplingTimeMs);
    return { actorId: r.spec.actorId, role: r.spec.role, throughputMbPerSecond: smooth(s.mbPerSecond), throughputMessagesPerSecond: smooth(s.messagesPerSecond), latencyMs: smooth(s.latencyMs) };
  });
  const wallMs = inputs.endedAtMs - inputs.startedAtMs;
  const { command, ...config } = args;
  const ceiling = inputs.netCeiling;
  return {
    header: {
      tool: 'iggy-node iggy-bench',
      createdAt: (inputs.createdAt ?? new Date()).toISOString(),
      machine: inputs.machine,
      gitCommit: inputs.gitCommit,
      command,
      config,
      server: inputs.server,
      netCeiling: ceiling,
      protocolCeiling: inputs.protocolCeiling ?? null,
    },
    wallSeconds: wallMs / 1000,
    clientCpu: judgeClientCpu(inputs.clientCpuMs, wallMs, inputs.machine.cpuCores, actors),
    actors,
    groups,
    netCeilingFraction: ceiling ? Object.fromEntries(groups.map((g) => [g.kind, g.totalThroughputMbPerSecond / ceiling.mbPerSecond])) : null,
    protocolCeilingFraction: protocolCeilingFraction(groups, inputs.protocolCeiling ?? null),
    series: { aggregate, actors: actorSeries },
    latencyHistograms,
    errors: results.filter((r) => r.error !== null).map((r) => `${r.spec.role} ${r.spec.actorId}: ${r.error}`),
  };
}

function protocolCeilingFraction(groups: GroupSummary[], ceiling: ProtocolCeiling | null): Record<string, number> | null {
  if (ceiling === null) return null;
  return Object.fromEntries(
    groups.map((g) => {
      const bound = g.kind === 'consumers' ? ceiling.serveOnly : ceiling.ackOnly;
      return [g.kind, bound.messagesPerSecond > 0 ? g.wallThroughputMessagesPerSecond / bound.messagesPerSecond : 0];
    }),
  );
}
