// CPU per message of stamping checksums on one 1000-message batch of 1000 B payloads that sits in
// a slot of the default 4 GiB memory pool (a shared WebAssembly.Memory): the copying path (batch
// copied into the kernel's own wasm memory, checksums copied back: checksum_staging) against
// the shared kernel stamping the slot in place. Rounds alternate so machine load hits both.
// Run after `npm run build`: node benchmarks/checksum-in-place-bench.mjs
import { stampBatchChecksums } from '../packages/protocol/dist/src/index.js';
import { MemoryPool } from '../packages/server/dist/src/memory/memory-pool.js';
import { enableInPlaceChecksums, stampChecksumsInPlace } from '../packages/server/dist/src/memory/in-place-checksums.js';

const N = 1000;
const P = 1000;
const pool = MemoryPool.create({ enabled: true, size: 4 * 1024 ** 3, bucket_capacity: 8192 });
if (enableInPlaceChecksums(pool) !== null) throw new Error('in-place kernel unavailable');
const slot = pool.acquire(N * (64 + P));
const batch = pool.viewOf(slot, N * (64 + P));
for (let i = 0; i < N; i++) {
  batch.writeUInt32LE(P, i * (64 + P) + 52);
  batch.writeUInt32LE(i + 1, i * (64 + P) + 8);
}
console.log(`batch at pool offset ${batch.byteOffset} (${(batch.byteOffset / 1024 ** 3).toFixed(2)} GiB)`);
const paths = [
  ['staging (copy in, kernel, checksums back)', () => stampBatchChecksums(batch, 0, N, batch.length)],
  ['in place (shared kernel over the pool)', () => stampChecksumsInPlace(batch, N)],
];
const totals = new Map(paths.map(([name]) => [name, []]));
for (const [, fn] of paths) for (let w = 0; w < 50; w++) fn();
for (let round = 0; round < 10; round++) {
  for (const [name, fn] of round % 2 === 0 ? paths : [...paths].reverse()) {
    const rounds = 100;
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) fn();
    totals.get(name).push(Number(process.hrtime.bigint() - t0) / 1e3 / rounds / N);
  }
}
for (const [name, samples] of totals) {
  samples.sort((a, b) => a - b);
  console.log(`${name}: median ${samples[5].toFixed(3)} µs/msg (min ${samples[0].toFixed(3)}, max ${samples.at(-1).toFixed(3)}), load ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
}
