// Micro-benchmark (not a test): moving a 1 MiB batch between two worker threads by structured-clone
// copy, by ArrayBuffer transfer, and by memory-pool slot reference (with and without copying the
// bytes into the slot first). Pipelined throughput with 8 in flight and ping-pong latency.
//
// Run: cd /work/main && npx tsc -b packages/server/bench && node packages/server/dist/bench/memory-pool.bench.js
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, MessageChannel, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { MemoryPool, type PoolSlot } from '../src/memory/memory-pool.js';
import type { MemoryPoolLayout } from '../src/memory/memory-pool-layout.js';

const BATCH_BYTES = 1024 * 1024;
const PIPELINED_BATCHES = 3000;
const PING_PONG_BATCHES = 1000;
const IN_FLIGHT = 8;
const WARMUP_BATCHES = 300;

type Method = 'copy' | 'transfer' | 'slot+copy' | 'slot';
const METHODS: Method[] = ['copy', 'transfer', 'slot+copy', 'slot'];

type Batch =
  | { method: 'copy'; id: number; bytes: Uint8Array }
  | { method: 'transfer'; id: number; buffer: ArrayBuffer }
  | { method: 'slot+copy' | 'slot'; id: number; slot: PoolSlot };
type Ack = { id: number; buffer?: ArrayBuffer };

interface WorkerSetup {
  role: 'sender' | 'receiver';
  port: MessagePort;
  sharedBuffer: SharedArrayBuffer;
  layout: MemoryPoolLayout;
}

interface Result {
  method: Method;
  gbPerSecond: number;
  microsPerBatch: number;
  pingPongP50Micros: number;
  pingPongP99Micros: number;
}

function runReceiver(setup: WorkerSetup): void {
  const pool = MemoryPool.attach(setup.sharedBuffer, setup.layout);
  let checksum = 0;
  setup.port.on('message', (batch: Batch) => {
    // Touch the data so the receiver really has it, then return what belongs to the sender.
    if (batch.method === 'copy') {
      checksum += batch.bytes[batch.bytes.length - 1]!;
      setup.port.postMessage({ id: batch.id } satisfies Ack);
    } else if (batch.method === 'transfer') {
      checksum += new Uint8Array(batch.buffer)[BATCH_BYTES - 1]!;
      setup.port.postMessage({ id: batch.id, buffer: batch.buffer } satisfies Ack, [batch.buffer]);
    } else {
      checksum += pool.viewOf(batch.slot)[BATCH_BYTES - 1]!;
      pool.release(batch.slot);
      setup.port.postMessage({ id: batch.id } satisfies Ack);
    }
  });
  parentPort!.once('message', () => {
    parentPort!.postMessage(checksum);
    setup.port.close();
  });
}

async function runSender(setup: WorkerSetup): Promise<Result[]> {
  const pool = MemoryPool.attach(setup.sharedBuffer, setup.layout);
  const source = Buffer.alloc(BATCH_BYTES, 7);
  // Transfer needs whole ArrayBuffers; the receiver sends each one back with its ack.
  const spareBuffers: ArrayBuffer[] = Array.from({ length: IN_FLIGHT }, () => new ArrayBuffer(BATCH_BYTES));
  // For 'slot': batches already written into the pool (as a socket read into a slot would).
  const waiting = new Map<number, () => void>();
  setup.port.on('message', (ack: Ack) => {
    if (ack.buffer !== undefined) spareBuffers.push(ack.buffer);
    waiting.get(ack.id)?.();
    waiting.delete(ack.id);
  });

  const send = (method: Method, id: number): Promise<void> => {
    const acked = new Promise<void>((resolve) => waiting.set(id, resolve));
    if (method === 'copy') {
      setup.port.postMessage({ method, id, bytes: source } satisfies Batch);
    } else if (method === 'transfer') {
      const buffer = spareBuffers.pop()!;
      new Uint8Array(buffer).set(source);
      setup.port.postMessage({ method, id, buffer } satisfies Batch, [buffer]);
    } else {
      const slot = pool.acquire(BATCH_BYTES);
      if (slot === null) throw new Error('pool exhausted: size the benchmark pool for IN_FLIGHT batches');
      if (method === 'slot+copy') pool.viewOf(slot).set(source);
      setup.port.postMessage({ method, id, slot } satisfies Batch);
    }
    return acked;
  };

  const pipelined = async (method: Method, count: number): Promise<number> => {
    const started = performance.now();
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < count) await send(method, next++);
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    return performance.now() - started;
  };

  const results: Result[] = [];
  for (const method of METHODS) {
    await pipelined(method, WARMUP_BATCHES);
    const elapsedMs = await pipelined(method, PIPELINED_BATCHES);
    const latencies: number[] = [];
    for (let id = 0; id < PING_PONG_BATCHES; id++) {
      const started = performance.now();
      await send(method, id);
      latencies.push((performance.now() - started) * 1000);
    }
    latencies.sort((a, b) => a - b);
    results.push({
      method,
      gbPerSecond: (PIPELINED_BATCHES * BATCH_BYTES) / (elapsedMs / 1000) / 1e9,
      microsPerBatch: (elapsedMs * 1000) / PIPELINED_BATCHES,
      pingPongP50Micros: latencies[Math.floor(latencies.length * 0.5)]!,
      pingPongP99Micros: latencies[Math.floor(latencies.length * 0.99)]!,
    });
  }
  return results;
}

async function main(): Promise<void> {
  // Iggy's defaults (4 GiB, 8192): the 1 MiB bucket gets ~150 slots; untouched slots cost no RAM.
  const pool = MemoryPool.create({ enabled: true, size: 4 * 1024 * 1024 * 1024, bucket_capacity: 8192 });
  if (pool.layout.bucketSlotCounts[13]! < IN_FLIGHT) throw new Error('benchmark pool has too few 1 MiB slots');
  const channel = new MessageChannel();
  const start = (role: WorkerSetup['role'], port: MessagePort): Worker =>
    new Worker(new URL(import.meta.url), {
      workerData: { role, port, sharedBuffer: pool.sharedBuffer, layout: pool.layout } satisfies WorkerSetup,
      transferList: [port],
    });
  const receiver = start('receiver', channel.port2);
  const sender = start('sender', channel.port1);
  const [results] = (await new Promise<[Result[]]>((resolve, reject) => {
    sender.once('message', (message: Result[]) => resolve([message]));
    sender.once('error', reject);
    receiver.once('error', reject);
  }));
  receiver.postMessage('stop');
  await new Promise((resolve) => receiver.once('message', resolve));
  await Promise.all([sender.terminate(), receiver.terminate()]);
  console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), 1 MiB batches, ${IN_FLIGHT} in flight`);
  console.log('method     | pipelined GB/s | µs per batch | ping-pong p50 µs | p99 µs');
  for (const result of results) {
    console.log(
      `${result.method.padEnd(10)} | ${result.gbPerSecond.toFixed(2).padStart(14)} | ${result.microsPerBatch.toFixed(1).padStart(12)} | ${result.pingPongP50Micros.toFixed(1).padStart(16)} | ${result.pingPongP99Micros.toFixed(1).padStart(6)}`,
    );
  }
  const counters = pool.counters();
  console.log(`pool after run: ${JSON.stringify(counters)}`);
}

if (isMainThread) {
  await main();
} else {
  const setup = workerData as WorkerSetup;
  if (setup.role === 'receiver') runReceiver(setup);
  else parentPort!.postMessage(await runSender(setup));
}
