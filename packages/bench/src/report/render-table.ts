import { formatRange } from '../args/parse-range.js';
import type { BenchReport } from './bench-report.js';
import type { LatencyStats } from '../metrics/latency-stats.js';

const f = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');
const n = (value: number) => Math.round(value).toLocaleString('en-US');

function row(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
}

const LATENCY_HEADERS = ['p50 ms', 'p90 ms', 'p95 ms', 'p99 ms', 'p999 ms', 'max ms'];
const latencyCells = (l: LatencyStats) => [f(l.p50Ms), f(l.p90Ms), f(l.p95Ms), f(l.p99Ms), f(l.p999Ms), f(l.maxMs)];

/** The final text summary: one row per actor, one per group (aggregate), client CPU and ceiling. */
export function renderTable(report: BenchReport): string {
  const headers = ['actor', 'MB/s', 'msgs/s', 'messages', ...LATENCY_HEADERS, 'cpu'];
  const rows: string[][] = report.actors.map((a) => [
    `${a.role} ${a.actorId} (${a.streamName})`,
    f(a.throughputMbPerSecond),
    n(a.throughputMessagesPerSecond),
    n(a.totalMessages),
    ...latencyCells(a),
    a.threadCpuShare === null ? '-' : `${(a.threadCpuShare * 100).toFixed(0)}%`,
  ]);
  const groupRows: string[][] = report.groups.map((g) => [`TOTAL ${g.kind} (${g.actors})`, f(g.totalThroughputMbPerSecond), n(g.totalThroughputMessagesPerSecond), n(g.totalMessages), ...latencyCells(g), '']);
  const all = [headers, ...rows, ...groupRows];
  const widths = headers.map((_, i) => Math.max(...all.map((r) => r[i]!.length)));
  const lines = [row(headers, widths), '-'.repeat(widths.reduce((t, w) => t + w + 2, -2))];
  for (const r of rows) lines.push(row(r, widths));
  lines.push('-'.repeat(widths.reduce((t, w) => t + w + 2, -2)));
  for (const r of groupRows) lines.push(row(r, widths));
  const h = report.header;
  lines.push('');
  lines.push(`${h.config.kind} over ${h.config.transport}: ${formatRange(h.config.messagesPerBatchRange ?? { min: h.config.messagesPerBatch, max: h.config.messagesPerBatch })} msgs/batch, ${formatRange(h.config.messageSizeRange ?? { min: h.config.messageSizeBytes, max: h.config.messageSizeBytes })} B/msg, wall ${f(report.wallSeconds)} s`);
  lines.push(`server ${h.server.address}${h.server.startedByBench ? ' (started by the bench)' : ''}, shards ${h.server.shardCount ?? 'unknown'}` +
    (h.server.cpuUsPerMessage !== null ? `, CPU ${f(h.server.cpuUsPerMessage, 3)} µs/msg` : '') +
    (h.server.rssBytesAfter !== null ? `, RSS ${f(h.server.rssBytesAfter / 1024 / 1024, 1)} MiB` : ''));
  for (const g of report.groups) lines.push(`${g.kind}: ${f(g.wallThroughputMbPerSecond)} MB/s, ${n(g.wallThroughputMessagesPerSecond)} msgs/s over the group's wall time (the TOTAL row sums per-actor rates, as Iggy does)`);
  lines.push(report.clientCpu.verdict);
  if (h.netCeiling && report.netCeilingFraction) {
    const parts = Object.entries(report.netCeilingFraction).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}%`);
    lines.push(`net ceiling ${f(h.netCeiling.mbPerSecond, 0)} MB/s; ${parts.join(', ')} of it`);
  }
  if (h.protocolCeiling && report.protocolCeilingFraction) {
    const { ackOnly, serveOnly } = h.protocolCeiling;
    const parts = Object.entries(report.protocolCeilingFraction).map(([k, v]) => `${k} ${(v * 100).toFixed(1)}% of ${k === 'consumers' ? 'serve-only' : 'ack-only'}`);
    lines.push(`ack-only Node server ${n(ackOnly.messagesPerSecond)} msgs/s, serve-only ${n(serveOnly.messagesPerSecond)} msgs/s; ${parts.join(', ')}`);
  }
  for (const error of report.errors) lines.push(`warning: ${error}`);
  return lines.join('\n');
}
