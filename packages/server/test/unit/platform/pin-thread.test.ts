// Checks per-thread pinning and naming: two worker threads pin themselves to distinct CPUs and the kernel's /proc/self/task/<tid>/status shows exactly that CPU for each, while the main thread keeps its mask.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { readCpuTopology } from '../../../src/platform/cpu-topology.js';
import { currentThreadAffinity, currentThreadId, pinCurrentThread } from '../../../src/platform/pin-thread.js';
import { platformSupport } from '../../../src/platform/platform-support.js';
import { parseCpuList } from '../../../src/platform/cpu-list.js';

interface PinReport {
  tid: number;
  pinned: boolean;
  named: boolean;
  affinity: number[];
}

function taskStatus(tid: number): { allowed: number[]; name: string } {
  const status = readFileSync(`/proc/self/task/${tid}/status`, 'utf8');
  const allowedLine = status.split('\n').find((line) => line.startsWith('Cpus_allowed_list:'))!;
  return {
    allowed: parseCpuList(allowedLine.slice('Cpus_allowed_list:'.length)),
    name: readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim(),
  };
}

test('this Linux machine supports pinning, names, SO_REUSEPORT and socket hand-off', () => {
  const support = platformSupport();
  assert.equal(support.platform, 'linux');
  assert.deepEqual(
    { ffi: support.ffi, threadPinning: support.threadPinning, threadNames: support.threadNames, reusePort: support.reusePort, socketHandoff: support.socketHandoff, reason: support.reason },
    { ffi: true, threadPinning: true, threadNames: true, reusePort: true, socketHandoff: true, reason: null },
  );
});

test('each worker pinned to its own CPU is allowed exactly that CPU', async () => {
  const mainBefore = currentThreadAffinity();
  const cpus = readCpuTopology().allowedCpus;
  // One worker per allowed CPU, at most two (the project machine has two CPUs).
  const targets = cpus.length >= 2 ? [cpus[0]!, cpus[cpus.length - 1]!] : [cpus[0]!];
  const workers = targets.map(
    (cpu, index) => new Worker(new URL('./fixtures/pin-worker.js', import.meta.url), { workerData: { cpu, name: `iggy-shard-${index}` } }),
  );
  try {
    const reports = await Promise.all(workers.map(async (worker) => (await once(worker, 'message'))[0] as PinReport));
    const tids = new Set<number>();
    reports.forEach((report, index) => {
      assert.equal(report.pinned, true);
      assert.equal(report.named, true);
      assert.deepEqual(report.affinity, [targets[index]]);
      const status = taskStatus(report.tid);
      assert.deepEqual(status.allowed, [targets[index]], `task ${report.tid} Cpus_allowed_list`);
      assert.equal(status.name, `iggy-shard-${index}`);
      tids.add(report.tid);
    });
    assert.equal(tids.size, reports.length, 'distinct kernel threads');
    assert.ok(!tids.has(currentThreadId()!), 'workers are not the main thread');
    assert.deepEqual(currentThreadAffinity(), mainBefore, 'main thread keeps its mask');
    assert.deepEqual(taskStatus(currentThreadId()!).allowed, mainBefore);
  } finally {
    for (const worker of workers) worker.postMessage('stop');
    await Promise.all(workers.map((worker) => once(worker, 'exit')));
  }
});

test('pinning to a CPU outside the mask fails with EINVAL and an out-of-range CPU with RangeError', () => {
  const beyond = Math.max(...readCpuTopology().onlineCpus) + 1;
  assert.throws(() => pinCurrentThread(beyond), (error: NodeJS.ErrnoException) => error.code === 'EINVAL' && /sched_setaffinity/.test(error.message));
  assert.throws(() => pinCurrentThread(-1), RangeError);
  assert.throws(() => pinCurrentThread(1024), RangeError);
});
