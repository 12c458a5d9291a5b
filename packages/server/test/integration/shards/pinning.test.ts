// shards: with cpu_allocation = N the server runs N shard threads, each pinned to exactly one
// distinct CPU. Method: start the real server and read /proc/<pid>/task/*/{comm,status}, as an
// operator would.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import { test } from 'node:test';
import { startTestServer } from '../../helpers/test-server.js';
import { tcpPassOnly } from '../../helpers/test-transport.js';

/** No client at all: thread placement is the same whatever the clients speak. */
const ONCE = tcpPassOnly('starts servers and reads /proc, no client');

async function shardThreads(pid: number): Promise<Map<string, string>> {
  const threads = new Map<string, string>();
  for (const tid of await readdir(`/proc/${pid}/task`)) {
    const name = (await readFile(`/proc/${pid}/task/${tid}/comm`, 'utf8')).trim();
    if (!name.startsWith('shard-')) continue;
    const status = await readFile(`/proc/${pid}/task/${tid}/status`, 'utf8');
    threads.set(name, /^Cpus_allowed_list:\s*(\S+)$/m.exec(status)![1]!);
  }
  return threads;
}

test('shards: cpu_allocation = N gives N shard threads pinned to N distinct CPUs', { timeout: 60_000, skip: ONCE }, async (t) => {
  const shardCount = Math.min(2, os.availableParallelism());
  const server = await startTestServer({ shardCount });
  t.after(() => server.stop());
  const threads = await shardThreads(server.pid);
  assert.equal(threads.size, shardCount, `shard threads: ${[...threads.keys()].join(', ')}`);
  const cpus = [...threads.values()];
  for (const cpu of cpus) assert.match(cpu, /^\d+$/, `each shard thread may run on exactly one CPU, got "${cpu}"`);
  assert.equal(new Set(cpus).size, shardCount, 'every shard has its own CPU');
  // The main thread (coordinator) stays unpinned (visible only with more than one CPU).
  if (os.availableParallelism() === 1) return;
  const main = /^Cpus_allowed_list:\s*(\S+)$/m.exec(await readFile(`/proc/${server.pid}/status`, 'utf8'))![1];
  assert.notEqual(main, cpus[0]!, 'the coordinator is not pinned to a shard CPU');
});

test('shards: an impossible cpu_allocation stops start-up with a message naming the key', { timeout: 60_000, skip: ONCE }, async () => {
  const tooMany = os.availableParallelism() + 1;
  await assert.rejects(startTestServer({ shardCount: tooMany }), /cpu_allocation/);
});
