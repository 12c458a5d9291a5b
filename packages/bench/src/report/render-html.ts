import type { BenchReport } from './bench-report.js';
import { renderTable } from './render-table.js';
import { PALETTE, escapeHtml, svgHistogram, svgLineChart } from './svg-chart.js';

/** One colour per group everywhere in the report: producers blue, consumers vermillion. */
const GROUP_COLORS: Record<string, string> = { producers: PALETTE[0]!, consumers: PALETTE[1]!, producing_consumers: PALETTE[2]! };

/** The self-contained HTML report: header, summary table, throughput and latency over time (inline SVG, no scripts or CDN). */
export function renderHtml(report: BenchReport): string {
  const h = report.header;
  const aggregate = Object.entries(report.series.aggregate);
  const color = (group: string) => GROUP_COLORS[group] ?? PALETTE[3]!;
  const charts = [
    svgLineChart('Throughput over time (all actors of a kind)', 'MB/s', aggregate.map(([name, s]) => ({ name, series: s.throughputMbPerSecond, color: color(name) }))),
    svgLineChart('Messages over time (all actors of a kind)', 'messages/s', aggregate.map(([name, s]) => ({ name, series: s.throughputMessagesPerSecond, color: color(name) }))),
    svgLineChart('p99 batch latency over time', 'p99 latency (ms)', aggregate.map(([name, s]) => ({ name: `${name} p99`, series: s.latencyP99Ms ?? { xSeconds: [], y: [] }, color: color(name) }))),
    svgLineChart('Mean batch latency over time (moving average)', 'latency (ms)', aggregate.map(([name, s]) => ({ name, series: s.latencyMs, color: color(name) }))),
    ...Object.entries(report.latencyHistograms ?? {}).map(([name, histogram]) => svgHistogram(`Batch latency distribution: ${name}`, histogram, color(name))),
  ];
  if (report.series.actors.length > 1) {
    charts.push(svgLineChart('Throughput per actor', 'MB/s', report.series.actors.map((a) => ({ name: `${a.role} ${a.actorId}`, series: a.throughputMbPerSecond }))));
    charts.push(svgLineChart('Mean batch latency per actor', 'latency (ms)', report.series.actors.map((a) => ({ name: `${a.role} ${a.actorId}`, series: a.latencyMs }))));
  }
  const headerRows: [string, string][] = [
    ['command', h.command],
    ['created', h.createdAt],
    ['machine', `${h.machine.cpuModel}, ${h.machine.cpuCores} cores, ${h.machine.totalMemoryMb} MB, ${h.machine.osName} ${h.machine.osVersion}`],
    ['node', h.machine.nodeVersion],
    ['git commit', h.gitCommit ?? 'unknown'],
    ['server', `${h.server.address}, shards ${h.server.shardCount ?? 'unknown'}${h.server.startedByBench ? ', started by the bench' : ''}`],
    ['net ceiling', h.netCeiling ? `${h.netCeiling.mbPerSecond.toFixed(0)} MB/s` : 'not measured'],
    ['ack-only / serve-only Node server', h.protocolCeiling ? `${Math.round(h.protocolCeiling.ackOnly.messagesPerSecond)} / ${Math.round(h.protocolCeiling.serveOnly.messagesPerSecond)} msgs/s` : 'not measured'],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>iggy-bench ${escapeHtml(h.config.kind)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse}td{padding:2px 10px;vertical-align:top}pre{background:#f6f6f6;padding:1em;overflow:auto}svg{display:block;margin:1em 0}</style>
</head><body>
<h1>iggy-bench: ${escapeHtml(h.config.kind)} (${escapeHtml(h.config.transport)})</h1>
<table>${headerRows.map(([k, v]) => `<tr><td><b>${escapeHtml(k)}</b></td><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
<h2>Summary</h2>
<pre>${escapeHtml(renderTable(report))}</pre>
<h2>Over time</h2>
${charts.join('\n')}
<script type="application/json" id="report-data">${JSON.stringify({ config: h.config, groups: report.groups }).replace(/</g, '\\u003c')}</script>
</body></html>
`;
}
