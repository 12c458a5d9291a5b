#!/usr/bin/env node
// A/B of two server builds on the workloads of issue 14's table, with one bench client (this
// checkout's iggy-bench) and alternating runs (A B, then B A, per round), each with its own
// --net-ceiling measurements and the load average at its start. Prints a Markdown table.
//
//   node benchmarks/ab-issue-rows.mjs --base /tmp/base [--rounds 2] [--ceiling-seconds 2] [--batches N]
// (--batches: batches per actor instead of the 1,000,000 messages in all; for a dry run;
// --only <text>: only the workloads whose name contains it)
//
// --base is the root of another checkout, built (npm ci && npm run build); "new" is this one.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({ options: { base: { type: 'string' }, rounds: { type: 'string', default: '2' }, 'ceiling-seconds': { type: 'string', default: '2' }, batches: { type: 'string' }, only: { type: 'string' } } });
if (!values.base) throw new Error('--base <checkout root> is required');
const builds = {
  base: join(values.base, 'packages/server/dist/src/main.js'),
  new: join(root, 'packages/server/dist/src/main.js'),
};
const bench = join(root, 'packages/bench/dist/src/cli.js');
const WORKLOADS = [
  { name: 'produce (1 producer)', args: ['pinned-producer', '-p', '1', 'tcp'] },
  { name: 'consume (1 consumer)', args: ['pinned-consumer', '-c', '1', 'tcp'] },
  { name: 'produce + live consume (1 + 1)', args: ['pinned-producer-and-consumer', '-p', '1', '-c', '1', 'tcp'] },
  { name: '8 producers on 8 streams', args: ['-b', '125', 'pinned-producer', '-p', '8', 'tcp'] },
];

/** The workload's arguments without its own -b (for --batches). */
function withoutBatches(args) {
  const at = args.indexOf('-b');
  return at < 0 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
}

function runOnce(build, workload) {
  const out = mkdtempSync(join(tmpdir(), 'iggy-ab-'));
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  try {
    execFileSync(process.execPath, [bench, '--net-ceiling', '--net-ceiling-seconds', values['ceiling-seconds'], '--no-progress', '--server-main', builds[build], '-o', out, ...(values.batches ? ['-b', values.batches, ...withoutBatches(workload.args)] : workload.args)], { stdio: ['ignore', 'ignore', 'inherit'] });
    const file = readdirSync(out).find((f) => f.endsWith('.json'));
    const report = JSON.parse(readFileSync(join(out, file), 'utf8'));
    return { build, load: Number(load), report };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

const fmt = (n, digits = 0) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
function describe({ build, load, report }) {
  const groups = Object.fromEntries(report.groups.map((g) => [g.kind, g]));
  const h = report.header;
  const rates = report.groups.map((g) => `${g.kind === 'consumers' ? 'C' : 'P'} ${fmt(g.wallThroughputMessagesPerSecond)}`).join(' / ');
  const latency = report.groups.map((g) => `${fmt(g.p50Ms, 1)} / ${fmt(g.p99Ms, 1)}`).join('; ');
  const fractions = Object.entries(report.protocolCeilingFraction ?? {}).map(([k, v]) => `${k === 'consumers' ? 'C' : 'P'} ${(v * 100).toFixed(0)}%`).join(', ');
  return {
    build,
    text: `${build} ${rates} msgs/s; p50/p99 ${latency} ms; ${fmt(h.server.cpuUsPerMessage, 2)} µs/msg; load ${load}; net ${fmt(h.netCeiling?.mbPerSecond)} MB/s, ack-only ${fmt(h.protocolCeiling?.ackOnly.messagesPerSecond)}, serve-only ${fmt(h.protocolCeiling?.serveOnly.messagesPerSecond)} msgs/s (${fractions})`,
    rate: (groups.consumers && !groups.producers ? groups.consumers : groups.producers).wallThroughputMessagesPerSecond,
    cpu: h.server.cpuUsPerMessage,
  };
}

console.log(`# A/B: base ${values.base} vs new ${root} (${new Date().toISOString()})\n`);
console.log('| workload | round | first | second | new / base (rate; CPU/msg) |');
console.log('|---|---|---|---|---|');
for (const workload of WORKLOADS.filter((w) => !values.only || w.name.includes(values.only))) {
  for (let round = 0; round < Number(values.rounds); round++) {
    const order = round % 2 === 0 ? ['base', 'new'] : ['new', 'base'];
    const runs = order.map((build) => describe(runOnce(build, workload)));
    const base = runs.find((r) => r.build === 'base');
    const fresh = runs.find((r) => r.build === 'new');
    console.log(`| ${workload.name} | ${round + 1} | ${runs[0].text} | ${runs[1].text} | ${(fresh.rate / base.rate).toFixed(2)}; ${(fresh.cpu / base.cpu).toFixed(2)} |`);
  }
}
