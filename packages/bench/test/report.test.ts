// Goal: the report carries the header fields, per-actor and aggregate figures, and the HTML holds the time series; method: build a report from synthetic records and inspect JSON and HTML.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { formatTick, niceTicks } from '../src/report/svg-chart.js';
import { buildReport, judgeClientCpu, machineInfo, parseArgs, planWorkload, renderHtml, renderTable, writeReport, type ActorResult } from '../src/index.js';

function syntheticResults(): { results: ActorResult[]; startMs: number } {
  const args = parseArgs(['-p', '10', '-b', '4', '-t', '100ms', '-W', '1', 'pinned-producer', '-p', '2', 'tcp']);
  const plan = planWorkload(args);
  const startMs = 1_000_000;
  const results = plan.actors.map((spec, a) => ({
    spec,
    records: {
      // Batches 100 ms apart, each 2 ms (actor 1) or 4 ms (actor 2), 10 messages of 1000 B.
      startMs: Float64Array.from([0, 100, 200, 300], (t) => startMs + t),
      latencyUs: Float64Array.from([1, 1, 1, 1], () => (a + 1) * 2000),
      messages: Uint32Array.from([10, 10, 10, 10]),
      userDataBytes: Float64Array.from([1e4, 1e4, 1e4, 1e4]),
      totalBytes: Float64Array.from([11e3, 11e3, 11e3, 11e3]),
    },
    threadCpuMs: 30,
    wallMs: 300,
    error: null,
  }));
  return { results, startMs };
}

test('JSON report: header, actors, aggregate, net-ceiling fraction', () => {
  const args = parseArgs(['-p', '10', '-b', '4', '-t', '100ms', '-W', '1', 'pinned-producer', '-p', '2', 'tcp']);
  const { results, startMs } = syntheticResults();
  const report = buildReport({
    args,
    machine: machineInfo('test-host'),
    gitCommit: 'abc123',
    server: { startedByBench: true, address: '127.0.0.1:1', shardCount: 2, pid: 1, cpuMs: 10, cpuUsPerMessage: 125, rssBytesAfter: 1e8 },
    netCeiling: { mbPerSecond: 1000, seconds: 3, writeSizeBytes: 1 << 20 },
    protocolCeiling: {
      ackOnly: { messagesPerSecond: 2630.5, mbPerSecond: 1, connections: 2 },
      serveOnly: { messagesPerSecond: 5000, mbPerSecond: 2, connections: 2 },
      seconds: 3,
      batchBytes: 10640,
      messagesPerBatch: 10,
    },
    results,
    startedAtMs: startMs,
    endedAtMs: startMs + 304,
    clientCpuMs: 60,
  });
  assert.equal(report.header.machine.identifier, 'test-host');
  assert.equal(report.header.machine.nodeVersion, process.version);
  assert.ok(report.header.machine.cpuCores > 0);
  assert.equal(report.header.server.shardCount, 2);
  assert.equal(report.header.gitCommit, 'abc123');
  assert.equal(report.header.config.messagesPerBatch, 10);
  assert.equal(report.actors.length, 2);
  // Actor 1: 40 000 B over 302 ms.
  assert.ok(Math.abs(report.actors[0]!.throughputMbPerSecond - 0.04 / 0.302) < 1e-9);
  assert.equal(report.actors[0]!.p50Ms, 2);
  assert.equal(report.actors[1]!.maxMs, 4);
  assert.equal(report.groups.length, 1);
  assert.equal(report.groups[0]!.kind, 'producers');
  assert.equal(report.groups[0]!.totalMessages, 80);
  assert.equal(report.groups[0]!.p50Ms, 3);
  // 80 000 B between the first start and the last end (300 ms + 4 ms).
  assert.ok(Math.abs(report.groups[0]!.wallThroughputMbPerSecond - 0.08 / 0.304) < 1e-9);
  assert.ok(Math.abs(report.netCeilingFraction!.producers! - report.groups[0]!.totalThroughputMbPerSecond / 1000) < 1e-12);
  // Producers against the ack-only server: 80 messages over 304 ms = 263.16 msgs/s of 2630.5.
  assert.ok(Math.abs(report.protocolCeilingFraction!.producers! - 80 / 0.304 / 2630.5) < 1e-9);
  assert.match(renderTable(report), /ack-only Node server 2,631 msgs\/s, serve-only 5,000 msgs\/s; producers 10\.0% of ack-only/);
  assert.deepEqual(report.series.aggregate.producers!.throughputMessagesPerSecond.y, [200, 200, 200, 200]);
  assert.equal(report.clientCpu.clientWasLimit, false);
  const parsed = JSON.parse(JSON.stringify(report));
  assert.equal(parsed.header.tool, 'iggy-node iggy-bench');
  assert.match(renderTable(report), /TOTAL producers \(2\)/);
});

test('HTML report is self-contained and holds the series; writeReport writes both files', () => {
  const args = parseArgs(['-p', '10', '-b', '4', '-t', '100ms', '-W', '1', 'pinned-producer', '-p', '2', 'tcp']);
  const { results, startMs } = syntheticResults();
  const report = buildReport({ args, machine: machineInfo(), gitCommit: null, server: { startedByBench: false, address: 'x:1', shardCount: null, pid: null, cpuMs: null, cpuUsPerMessage: null, rssBytesAfter: null }, netCeiling: null, results, startedAtMs: startMs, endedAtMs: startMs + 304, clientCpuMs: 1 });
  const html = renderHtml(report);
  assert.match(html, /<svg/);
  assert.doesNotMatch(html, /<script src=|https?:\/\/(?!www\.w3\.org)/);
  assert.match(html, /data-series="producers"/);
  assert.match(html, /data-series="producer 2"/);
  // The aggregate msgs/s series (200 per 100 ms bucket) is plotted as a 4-point polyline.
  const polyline = /<polyline class="series" data-series="producers"[^>]*points="([^"]+)"/.exec(html)!;
  assert.equal(polyline[1]!.split(' ').length, 4);
  // p99 over time: every 100 ms bucket's slowest 1% is actor 2's 4 ms batch.
  assert.deepEqual(report.series.aggregate.producers!.latencyP99Ms.y, [4, 4, 4, 4]);
  assert.match(html, /data-series="producers p99"/);
  // Histogram: the 8 batches, 4 at 2 ms and 4 at 4 ms, as bars with a readable latency axis.
  const histogram = report.latencyHistograms.producers!;
  assert.equal(histogram.counts.reduce((a, b) => a + b, 0), 8);
  assert.match(html, /Batch latency distribution: producers/);
  assert.equal([...html.matchAll(/<rect class="bar"/g)].length, histogram.counts.length);
  assert.match(html, />batch latency</);
  assert.match(html, />4 ms</, 'x ticks labelled in ms on a 1/2/5 step');
  // One colour per kind, the same in every chart.
  assert.match(html, /data-series="producers" fill="none" stroke="#0072B2"/);
  const dir = mkdtempSync(join(tmpdir(), 'iggy-bench-report-'));
  try {
    const { jsonPath, htmlPath } = writeReport(report, dir);
    assert.equal(JSON.parse(readFileSync(jsonPath, 'utf8')).header.config.kind, 'pinned-producer');
    assert.match(readFileSync(htmlPath, 'utf8'), /<!doctype html>/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('client-limit verdict: a saturated actor thread or most of the machine', () => {
  const actor = (share: number) => ({ threadCpuShare: share }) as never;
  assert.equal(judgeClientCpu(100, 1000, 2, [actor(0.95)]).clientWasLimit, true);
  assert.equal(judgeClientCpu(1200, 1000, 2, [actor(0.3)]).clientWasLimit, true);
  assert.equal(judgeClientCpu(200, 1000, 2, [actor(0.3)]).clientWasLimit, false);
});

test('chart axes use nice 1/2/5 ticks and short labels', () => {
  assert.deepEqual(niceTicks(0.9), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(37), [0, 10, 20, 30, 40]);
  assert.deepEqual(niceTicks(4), [0, 1, 2, 3, 4]);
  assert.deepEqual(niceTicks(2, 5, true), [0, 1, 2], 'counts: whole numbers');
  assert.equal(formatTick(1_250_000), '1.25M');
  assert.equal(formatTick(25_000), '25k');
  assert.equal(formatTick(0.125), '0.125');
});
