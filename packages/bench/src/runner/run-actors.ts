import { Worker } from 'node:worker_threads';
import type { ActorConnection, ActorMessage, ActorResult, ActorSpec } from '../actors/actor-spec.js';

export interface ActorsRun {
  results: ActorResult[];
  /** Wall-clock ms when the start signal went out (series are relative to it). */
  startedAtMs: number;
  endedAtMs: number;
  /** CPU of this whole client process (all actor threads), ms, over the measured span. */
  clientCpuMs: number;
}

/**
 * Runs each actor in its own worker thread, releases them together once all are connected and
 * ready, and collects their records. `onProgress` gets the summed messages and bytes so far.
 */
export async function runActors(specs: ActorSpec[], connection: ActorConnection, onProgress?: (messages: number, userDataBytes: number) => void): Promise<ActorsRun> {
  const workerUrl = new URL('../actors/actor-worker.js', import.meta.url);
  const progress = specs.map(() => ({ messages: 0, bytes: 0 }));
  let readyCount = 0;
  let releaseAll!: () => void;
  const allReady = new Promise<void>((resolve) => (releaseAll = resolve));
  const workers: Worker[] = [];
  const done = specs.map((spec, index) => {
    const worker = new Worker(workerUrl, { workerData: { spec, connection } });
    workers.push(worker);
    return new Promise<ActorResult>((resolve, reject) => {
      let settled = false;
      worker.on('message', (message: ActorMessage) => {
        if (message.type === 'ready') {
          if (++readyCount === specs.length) releaseAll();
        } else if (message.type === 'progress') {
          progress[index] = { messages: message.messages, bytes: message.userDataBytes };
          onProgress?.(progress.reduce((t, p) => t + p.messages, 0), progress.reduce((t, p) => t + p.bytes, 0));
        } else if (message.type === 'done') {
          settled = true;
          resolve(message.result);
        } else {
          settled = true;
          reject(new Error(`${spec.role} ${spec.actorId}: ${message.error}`));
        }
      });
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`${spec.role} ${spec.actorId}: worker exited with code ${code}`));
      });
    });
  });
  // A failed actor must not leave the others waiting for the start signal forever.
  const failure = Promise.race(done).catch((error: unknown) => {
    for (const worker of workers) void worker.terminate();
    throw error;
  });
  failure.catch(() => {});
  await Promise.race([allReady, failure]);
  const cpuBefore = process.cpuUsage();
  const startedAtMs = performance.timeOrigin + performance.now();
  for (const worker of workers) worker.postMessage({ type: 'start' });
  try {
    const results = await Promise.all(done);
    const cpu = process.cpuUsage(cpuBefore);
    return { results, startedAtMs, endedAtMs: performance.timeOrigin + performance.now(), clientCpuMs: (cpu.user + cpu.system) / 1000 };
  } catch (error) {
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
}
