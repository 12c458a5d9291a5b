/**
 * Inline SVG charts for the HTML report (no scripts, no CDN): axes with "nice" ticks (1, 2, 5 ×
 * 10^k) labelled in the unit, axis titles, and a colour-blind-safe palette (Okabe–Ito) so the
 * series stay distinct, producers and consumers above all.
 */
import type { LatencyHistogram } from '../metrics/latency-distribution.js';
import type { TimeSeries } from '../metrics/time-series.js';

/** Okabe–Ito: blue, vermillion, bluish green, orange, reddish purple, sky blue, black, yellow. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#E69F00', '#CC79A7', '#56B4E9', '#000000', '#B8A000'];

export const escapeHtml = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export interface Line {
  name: string;
  series: TimeSeries;
  color?: string;
}

/** Tick positions from 0 to at least `max`, about `target` of them, on a 1/2/5 step. */
export function niceTicks(max: number, target = 5, integers = false): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rough = max / target;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough)!;
  const step = integers ? Math.max(1, nice) : nice;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** 0.25, 12.5, 1,250, 1.2M: short labels that still tell values apart. */
export function formatTick(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (abs >= 1e4) return `${Number((value / 1e3).toPrecision(3))}k`;
  if (abs >= 100) return value.toFixed(0);
  return String(Number(value.toPrecision(3)));
}

interface Frame {
  width: number;
  height: number;
  pad: { left: number; right: number; top: number; bottom: number };
  xTicks: number[];
  yTicks: number[];
  px(x: number): number;
  py(y: number): number;
}

function frame(xMax: number, yMax: number, width: number, height: number, legendWidth: number, integerY = false): Frame {
  const pad = { left: 72, right: legendWidth, top: 34, bottom: 52 };
  const xTicks = niceTicks(xMax);
  const yTicks = niceTicks(yMax, 5, integerY);
  const xTop = xTicks[xTicks.length - 1]!;
  const yTop = yTicks[yTicks.length - 1]!;
  return {
    width, height, pad, xTicks, yTicks,
    px: (x) => pad.left + (x / xTop) * (width - pad.left - pad.right),
    py: (y) => height - pad.bottom - (y / yTop) * (height - pad.top - pad.bottom),
  };
}

function axes(f: Frame, title: string, xTitle: string, yTitle: string, xUnit: string): string[] {
  const { width, height, pad } = f;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(title)}" font-family="system-ui,sans-serif">`,
    `<text x="${(pad.left + width - pad.right) / 2}" y="20" text-anchor="middle" font-size="15" font-weight="600">${escapeHtml(title)}</text>`,
  ];
  for (const y of f.yTicks) {
    parts.push(`<line x1="${pad.left}" y1="${f.py(y)}" x2="${width - pad.right}" y2="${f.py(y)}" stroke="${y === 0 ? '#333' : '#e3e3e3'}"/>`);
    parts.push(`<text x="${pad.left - 8}" y="${f.py(y) + 4}" text-anchor="end" font-size="12" fill="#333">${formatTick(y)}</text>`);
  }
  for (const x of f.xTicks) {
    parts.push(`<line x1="${f.px(x)}" y1="${height - pad.bottom}" x2="${f.px(x)}" y2="${height - pad.bottom + 5}" stroke="#333"/>`);
    parts.push(`<text x="${f.px(x)}" y="${height - pad.bottom + 19}" text-anchor="middle" font-size="12" fill="#333">${formatTick(x)}${xUnit}</text>`);
  }
  parts.push(`<line x1="${pad.left}" y1="${pad.top}" x2="${pad.left}" y2="${height - pad.bottom}" stroke="#333"/>`);
  parts.push(`<text x="${(pad.left + width - pad.right) / 2}" y="${height - 10}" text-anchor="middle" font-size="13" fill="#333">${escapeHtml(xTitle)}</text>`);
  parts.push(`<text x="16" y="${(pad.top + height - pad.bottom) / 2}" transform="rotate(-90 16 ${(pad.top + height - pad.bottom) / 2})" text-anchor="middle" font-size="13" fill="#333">${escapeHtml(yTitle)}</text>`);
  return parts;
}

function legend(f: Frame, entries: { name: string; color: string }[]): string[] {
  const x = f.width - f.pad.right + 14;
  return entries.flatMap(({ name, color }, i) => [
    `<rect x="${x}" y="${f.pad.top + 20 * i + 5}" width="14" height="4" fill="${color}"/>`,
    `<text x="${x + 20}" y="${f.pad.top + 20 * i + 11}" font-size="12" fill="#222">${escapeHtml(name)}</text>`,
  ]);
}

/** A line chart over time: x in seconds since the run started. */
export function svgLineChart(title: string, yTitle: string, lines: Line[], width = 960, height = 320): string {
  const xMax = Math.max(1e-9, ...lines.flatMap((l) => l.series.xSeconds));
  const yMax = Math.max(1e-9, ...lines.flatMap((l) => l.series.y).filter(Number.isFinite));
  const f = frame(xMax, yMax, width, height, lines.length > 0 ? 170 : 20);
  const parts = axes(f, title, 'time since the start of the run', yTitle, ' s');
  const colored = lines.map((line, i) => ({ ...line, color: line.color ?? PALETTE[i % PALETTE.length]! }));
  for (const line of colored) {
    const points = line.series.xSeconds.map((x, j) => `${f.px(x).toFixed(1)},${f.py(line.series.y[j]!).toFixed(1)}`).join(' ');
    parts.push(`<polyline class="series" data-series="${escapeHtml(line.name)}" fill="none" stroke="${line.color}" stroke-width="1.8" points="${points}"/>`);
  }
  parts.push(...legend(f, colored), '</svg>');
  return parts.join('\n');
}

/** A histogram of batch latencies: bar i spans [lowerMs, upperMs); y is the number of batches. */
export function svgHistogram(title: string, histogram: LatencyHistogram, color: string, width = 960, height = 300): string {
  const xMax = Math.max(1e-9, ...histogram.upperMs);
  const yMax = Math.max(1, ...histogram.counts);
  const f = frame(xMax, yMax, width, height, 40, true);
  const parts = axes(f, title, 'batch latency', 'batches', ' ms');
  histogram.counts.forEach((count, i) => {
    const x0 = f.px(histogram.lowerMs[i]!);
    const x1 = f.px(histogram.upperMs[i]!);
    const tail = i === histogram.counts.length - 1 && histogram.upperMs[i]! - histogram.lowerMs[i]! > (histogram.upperMs[0]! - histogram.lowerMs[0]!) * 1.5;
    parts.push(
      `<rect class="bar" x="${x0.toFixed(1)}" y="${f.py(count).toFixed(1)}" width="${Math.max(1, x1 - x0 - 1).toFixed(1)}" height="${(f.py(0) - f.py(count)).toFixed(1)}" fill="${color}" fill-opacity="${tail ? 0.45 : 0.85}"><title>${formatTick(histogram.lowerMs[i]!)}–${formatTick(histogram.upperMs[i]!)} ms: ${count} batches${tail ? ' (slowest 0.1%)' : ''}</title></rect>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}
