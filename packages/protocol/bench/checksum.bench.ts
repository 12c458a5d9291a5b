// Micro-benchmark (not a test): message checksums for one batch. Per-record napi calls (the
// send path before the kernel), per-record stampMessageChecksum (now one wasm call per record),
// the wasm batch kernel (one call per batch, copying back only the checksums or the whole
// batch), and the kernel alone on bytes already in wasm memory (what zero-copy would pay).
//
// Run: cd /work/main && npx tsc -b packages/protocol/bench && node packages/protocol/dist/bench/checksum.bench.js
// XXH3_BENCH_WASM=/path/other.wasm adds rows for another build (e.g. XXH3_SIMD=0 from the script).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { stampBatchChecksumsWith, stampMessageChecksum, xxh3_64Napi } from '../src/checksum.js';
import { loadXxh3Wasm, type Xxh3WasmKernel } from '../src/checksum-wasm.js';

const RECORDS_PER_BATCH = 1000;
const PAYLOAD_SIZES_BYTES = [1024, 100];
const RUNS = 7;
const TARGET_RUN_MS = 300;

function buildBatch(payloadBytes: number): Buffer {
  const recordBytes = 64 + payloadBytes;
  const batch = Buffer.alloc(recordBytes * RECORDS_PER_BATCH);
  for (let i = 0; i < RECORDS_PER_BATCH; i += 1) {
    const at = i * recordBytes;
    for (let b = 8; b < recordBytes; b += 1) batch[at + b] = (i * 31 + b * 7) & 0xff;
    batch.writeUInt32LE(0, at + 48);
    batch.writeUInt32LE(payloadBytes, at + 52);
  }
  return batch;
}

function perRecordNapi(batch: Buffer, recordBytes: number): void {
  for (let at = 0; at < batch.length; at += recordBytes) {
    batch.writeBigUInt64LE(xxh3_64Napi(batch.subarray(at + 8, at + recordBytes)), at);
  }
}

function perRecordStamp(batch: Buffer, recordBytes: number): void {
  for (let at = 0; at < batch.length; at += recordBytes) stampMessageChecksum(batch, at, recordBytes);
}

interface RawKernel {
  readonly memory: { readonly buffer: ArrayBuffer };
  stamp_records(base: number, count: number): void;
  scratch_base(): number;
}

/** The module's stamp_records on a batch copied into its memory once, outside the timing. */
function kernelOnly(wasmBytes: Uint8Array, batch: Buffer): () => void {
  const wasm = (globalThis as unknown as { WebAssembly: { Instance: new (m: object, i: object) => { exports: unknown }; Module: new (b: Uint8Array) => object } }).WebAssembly;
  const raw = new wasm.Instance(new wasm.Module(wasmBytes), {}).exports as RawKernel & { memory: { grow(pages: number): number } };
  const base = raw.scratch_base();
  const needed = base + batch.length - raw.memory.buffer.byteLength;
  if (needed > 0) raw.memory.grow(Math.ceil(needed / 65536));
  new Uint8Array(raw.memory.buffer).set(batch, base);
  return () => raw.stamp_records(base, RECORDS_PER_BATCH);
}

/** Best and median ns per message over RUNS timed runs, after a warm-up. */
function measure(step: () => void): { best: number; median: number } {
  const warmStart = performance.now();
  let iterations = 0;
  while (performance.now() - warmStart < TARGET_RUN_MS) {
    step();
    iterations += 1;
  }
  const results: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    for (let i = 0; i < iterations; i += 1) step();
    results.push(((performance.now() - start) * 1e6) / (iterations * RECORDS_PER_BATCH));
  }
  results.sort((a, b) => a - b);
  return { best: results[0]!, median: results[Math.floor(RUNS / 2)]! };
}

function wasmRow(kernel: Xxh3WasmKernel | null, name: string): [string, (batch: Buffer) => void] {
  if (kernel === null) throw new Error(`${name}: kernel did not load`);
  return [name, (batch) => stampBatchChecksumsWith(kernel, batch, 0, RECORDS_PER_BATCH, batch.length)];
}

const defaultWasmUrl = new URL('../../native/xxh3.wasm', import.meta.url);
const builds: Array<[string, URL]> = [['simd', defaultWasmUrl]];
if (process.env['XXH3_BENCH_WASM']) builds.push(['other', new URL(`file://${process.env['XXH3_BENCH_WASM']}`)]);

console.log(`node ${process.version}, ${RECORDS_PER_BATCH} records per batch, ns/message (best / median of ${RUNS})`);
for (const payloadBytes of PAYLOAD_SIZES_BYTES) {
  const recordBytes = 64 + payloadBytes;
  const batch = buildBatch(payloadBytes);
  const rows: Array<[string, (batch: Buffer) => void]> = [
    ['napi per record (before)', (b) => perRecordNapi(b, recordBytes)],
    ['stampMessageChecksum per record (wasm)', (b) => perRecordStamp(b, recordBytes)],
  ];
  for (const [label, url] of builds) {
    rows.push(wasmRow(loadXxh3Wasm(url), `wasm ${label} batch, copy back checksums`));
    rows.push(wasmRow(loadXxh3Wasm(url, { copyBack: 'whole' }), `wasm ${label} batch, copy back whole batch`));
    const inPlace = kernelOnly(readFileSync(url), batch);
    rows.push([`wasm ${label} kernel only (no copies)`, () => inPlace()]);
  }
  console.log(`\npayload ${payloadBytes} B (record ${recordBytes} B, batch ${batch.length} B)`);
  for (const [name, step] of rows) {
    const { best, median } = measure(() => step(batch));
    console.log(`  ${name.padEnd(44)} ${best.toFixed(1).padStart(8)} / ${median.toFixed(1).padStart(8)}`);
  }
}
