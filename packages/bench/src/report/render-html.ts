import type { TimeSeries } from '../metrics/time-series.js';
import type { BenchReport } from './bench-report.js';
import { renderTable } from './render-table.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf'];

const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

interface Line {
  name: string;
  series: TimeSeries;
}

/** A line chart as inline SVG: axes with min/max ticks, one polyline per series, a legend. */
export function svgChart(title: string, unit: string, lines: Line[], width = 900, height = 300): string {
  const pad = { left: 70, right: 160, top: 30, bottom: 40 };
  const xs = lines.flatMap((l) => l.series.xSeconds);
  const ys = lines.flatMap((l) => l.series.y).filter(Number.isFinite);
  const xMax = Math.max(1e-9, ...xs);
  const yMax = Math.max(1e-9, ...ys) * 1.05;
  const px = (x: number) => pad.left + (x / xMax) * (width - pad.left - pad.right);
  const py = (y: number) => height - pad.bottom - (y / yMax) * (height - pad.top - pad.bottom);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}">`,
    `<text x="${width / 2}" y="18" text-anchor="middle" font-size="14">${escapeHtml(title)}</text>`,
    `<line x1="${pad.left}" y1="${py(0)}" x2="${px(xMax)}" y2="${py(0)}" stroke="#444"/>`,
    `<line x1="${pad.left}" y1="${py(0)}" x2="${pad.left}" y2="${py(yMax)}" stroke="#444"/>`,
  ];
  for (let t = 0; t <= 4; t++) {
    const y = (yMax * t) / 4;
    parts.push(`<text x="${pad.left - 6}" y="${py(y) + 4}" text-anchor="end" font-size="11">${y.toFixed(y < 10 ? 2 : 0)}</text>`);
    parts.push(`<line x1="${pad.left}" y1="${py(y)}" x2="${px(xMax)}" y2="${py(y)}" stroke="#ddd"/>`);
    const x = (xMax * t) / 4;
    parts.push(`<text x="${px(x)}" y="${height - pad.bottom + 16}" text-anchor="middle" font-size="11">${x.toFixed(2)} s</text>`);
  }
  parts.push(`<text x="14" y="${height / 2}" transform="rotate(-90 14 ${height / 2})" text-anchor="middle" font-size="12">${escapeHtml(unit)}</text>`);
  lines.forEach((line, i) => {
    const color = COLORS[i % COLORS.length]!;
    const points = line.series.xSeconds.map((x, j) => `${px(x).toFixed(1)},${py(line.series.y[j]!).toFixed(1)}`).join(' ');
    parts.push(`<polyline class="series" data-series="${escapeHtml(line.name)}" fill="none" stroke="${color}" stroke-width="1.5" points="${points}"/>`);
    parts.push(`<text x="${width - pad.right + 10}" y="${pad.top + 16 * i + 10}" font-size="12" fill="${color}">${escapeHtml(line.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/** The self-contained HTML report: header, summary table, throughput and latency over time (inline SVG, no scripts or CDN). */
export function renderHtml(report: BenchReport): string {
  const h = report.header;
  const aggregate = Object.entries(report.series.aggregate);
  const charts = [
    svgChart('Throughput over time (aggregate)', 'MB/s', aggregate.map(([name, s]) => ({ name, series: s.throughputMbPerSecond }))),
    svgChart('Throughput over time (aggregate)', 'msgs/s', aggregate.map(([name, s]) => ({ name, series: s.throughputMessagesPerSecond }))),
    svgChart('Batch latency over time (aggregate, mean per sample)', 'ms', aggregate.map(([name, s]) => ({ name, series: s.latencyMs }))),
  ];
  if (report.series.actors.length > 1) {
    charts.push(svgChart('Throughput per actor', 'MB/s', report.series.actors.map((a) => ({ name: `${a.role} ${a.actorId}`, series: a.throughputMbPerSecond }))));
    charts.push(svgChart('Batch latency per actor', 'ms', report.series.actors.map((a) => ({ name: `${a.role} ${a.actorId}`, series: a.latencyMs }))));
  }
  const headerRows: [string, string][] = [
    ['command', h.command],
    ['created', h.createdAt],
    ['machine', `${h.machine.cpuModel}, ${h.machine.cpuCores} cores, ${h.machine.totalMemoryMb} MB, ${h.machine.osName} ${h.machine.osVersion}`],
    ['node', h.machine.nodeVersion],
    ['git commit', h.gitCommit ?? 'unknown'],
    ['server', `${h.server.address}, shards ${h.server.shardCount ?? '?'}${h.server.startedByBench ? ', started by the bench' : ''}`],
    ['net ceiling', h.netCeiling ? `${h.netCeiling.mbPerSecond.toFixed(0)} MB/s` : 'not measured'],
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
