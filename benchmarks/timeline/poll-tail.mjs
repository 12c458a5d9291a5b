#!/usr/bin/env node
// Where a consumer's slow polls spend their time: joins the bench consumer's per-poll records
// (IGGY_BENCH_TIMELINE_DIR) with the server's per-request timeline (IGGY_DIAG_TIMELINE_DIR) on
// the shared clock, and splits each poll into
//   to-server   client start -> frame complete in the shard's JS (request write, kernel, wake-up)
//   queue       frame complete -> dispatcher starts it
//   service     dispatcher start -> answer ready (index lookup, segment read)
//   write       answer ready -> socket took the last byte
//   to-client   socket done -> client has the whole frame (kernel, client wake-up, parse)
// then prints percentiles of each part over all polls and over the slowest 1 %, with what else
// ran in those windows: GC pauses and event-loop stalls of every thread, and the sends the shard
// ran meanwhile.  Usage: node poll-tail.mjs <bench-timeline-dir> [<server-timeline-dir>]
// (iggy-bench with IGGY_BENCH_TIMELINE_DIR=D writes the actors' files to D and has the server it
// starts write to D/server; give the second directory for a server started by hand).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [benchDir, serverDirArg] = process.argv.slice(2);
const serverDir = serverDirArg ?? (benchDir ? join(benchDir, 'server') : undefined);
if (!benchDir) {
  console.error('usage: poll-tail.mjs <bench-timeline-dir> [<server-timeline-dir>]');
  process.exit(2);
}
const POLL = 100;
const SEND = 101;
const readLines = (path) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

const threads = []; // { name, gc: [], stalls: [] }
const requests = [];
for (const name of readdirSync(serverDir).filter((f) => f.endsWith('.jsonl'))) {
  const thread = { name: `server ${name.replace('.jsonl', '')}`, gc: [], stalls: [] };
  for (const e of readLines(join(serverDir, name))) {
    if (e.t === 'req') requests.push({ ...e, shard: name });
    else if (e.t === 'gc') thread.gc.push(e);
    else if (e.t === 'stall') thread.stalls.push(e);
    else if (e.t === 'dropped') console.warn(`${name}: ${e.count} events dropped`);
  }
  threads.push(thread);
}
const polls = [];
for (const name of readdirSync(benchDir).filter((f) => f.endsWith('.jsonl'))) {
  const thread = { name: `bench ${name.replace('.jsonl', '')}`, gc: [], stalls: [] };
  for (const e of readLines(join(benchDir, name))) {
    if (e.t === 'gc') thread.gc.push(e);
    else if (e.t === 'stall') thread.stalls.push(e);
    else if (e.t === 'batch' && name.includes('-consumer')) polls.push({ start: e.start, end: e.start + e.us / 1000, messages: e.messages });
  }
  threads.push(thread);
}
const serverPolls = requests.filter((r) => r.code === POLL && r.out > 16).sort((a, b) => a.arrived - b.arrived);
const sends = requests.filter((r) => r.code === SEND).sort((a, b) => a.started - b.started);

// Join: the non-empty server poll whose frame completed inside the client's [start, end].
let j = 0;
const joined = [];
for (const poll of polls.sort((a, b) => a.start - b.start)) {
  while (j < serverPolls.length && serverPolls[j].arrived < poll.start) j++;
  const s = serverPolls[j];
  if (!s || s.arrived > poll.end) continue;
  j++;
  joined.push({
    total: poll.end - poll.start,
    toServer: s.arrived - poll.start,
    queue: s.started - s.arrived,
    service: s.done - s.started,
    write: s.written - s.done,
    toClient: poll.end - s.written,
    start: poll.start,
    end: poll.end,
    server: s,
  });
}
if (joined.length === 0) {
  console.error(`no polls joined (${polls.length} client polls, ${serverPolls.length} server polls): are both timelines from the same run?`);
  process.exit(1);
}
const parts = ['total', 'toServer', 'queue', 'service', 'write', 'toClient'];
const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const mean = (values) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const fmt = (ms) => ms.toFixed(2).padStart(7);

console.log(`${joined.length} of ${polls.length} client polls joined with the server's timeline`);
console.log(`\n| part (ms) | p50 | p90 | p99 | max |\n|---|--:|--:|--:|--:|`);
for (const part of parts) {
  const values = joined.map((x) => x[part]);
  console.log(`| ${part} | ${fmt(pct(values, 50))} | ${fmt(pct(values, 90))} | ${fmt(pct(values, 99))} | ${fmt(Math.max(...values))} |`);
}
const p99 = pct(joined.map((x) => x.total), 99);
const slow = joined.filter((x) => x.total >= p99);
const rest = joined.filter((x) => x.total < p99);
console.log(`\nThe slowest 1 % (${slow.length} polls, total >= ${p99.toFixed(2)} ms) against the rest, mean ms per poll:`);
console.log(`| part | slowest 1 % | rest |\n|---|--:|--:|`);
for (const part of parts) console.log(`| ${part} | ${fmt(mean(slow.map((x) => x[part])))} | ${fmt(mean(rest.map((x) => x[part])))} |`);

// What else ran inside each poll's window. A stall's split (on a CPU / waiting for one / blocked)
// is shared out in proportion to how much of the stall falls inside the window.
const inside = (e, from, to) => Math.max(0, Math.min(to, e.at + e.ms) - Math.max(from, e.at));
const sumInside = (events, from, to, weight) => events.reduce((sum, e) => {
  const ms = inside(e, from, to);
  return ms > 0 ? sum + weight(e, ms) : sum;
}, 0);
const share = (field) => (e, ms) => (e[field] ?? 0) * (ms / Math.max(e.ms, 1e-9));
console.log(`\nInside the windows (mean ms per poll): GC pauses and event-loop stalls per thread; each stall split`);
console.log(`into time on a CPU, time waiting for a CPU (run queue) and the rest (blocked in a syscall)`);
console.log(`| thread | GC, slowest 1 % | GC, rest | stalls, slowest 1 % (cpu / runq) | stalls, rest (cpu / runq) |\n|---|--:|--:|--:|--:|`);
for (const thread of threads) {
  const over = (set, events, weight) => mean(set.map((x) => sumInside(events, x.start, x.end, weight)));
  const stalls = (set) => `${fmt(over(set, thread.stalls, (e, ms) => ms))} (${over(set, thread.stalls, share('cpu')).toFixed(2)} / ${over(set, thread.stalls, share('runq')).toFixed(2)})`;
  console.log(`| ${thread.name} | ${fmt(over(slow, thread.gc, (e, ms) => ms))} | ${fmt(over(rest, thread.gc, (e, ms) => ms))} | ${stalls(slow)} | ${stalls(rest)} |`);
}
// From the client's start: a poll that waits for the shard waits while the shard runs sends.
const sendsIn = (x) => sends.filter((r) => r.started < x.server.written && r.done > x.start);
const sendTime = (x) => sendsIn(x).reduce((sum, r) => sum + Math.min(r.done, x.server.written) - Math.max(r.started, x.start), 0);
console.log(`\nSends the shard ran between the client's start of the poll and the poll's last byte written (mean per poll):`);
console.log(`| | slowest 1 % | rest |\n|---|--:|--:|`);
console.log(`| sends | ${mean(slow.map((x) => sendsIn(x).length)).toFixed(2)} | ${mean(rest.map((x) => sendsIn(x).length)).toFixed(2)} |`);
console.log(`| ms in sends | ${fmt(mean(slow.map(sendTime)))} | ${fmt(mean(rest.map(sendTime)))} |`);
console.log(`| poll bytes out | ${mean(slow.map((x) => x.server.out)).toFixed(0)} | ${mean(rest.map((x) => x.server.out)).toFixed(0)} |`);
