// The shared-memory XXH3 kernel (native/xxh3-shared.wasm) stamping batches in place in a 4 GiB
// shared WebAssembly.Memory, checked against @node-rs/xxhash per record: at the first usable
// byte, across and above the 2 GiB line (wasm32 pointers are unsigned), at the last byte of
// memory, from two instances in two threads over the same memory, and refusing bad batches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { loadXxh3WasmInPlace, type SharedWasmMemory } from '../src/index.js';
import { assertSameBytes, buildBatch, randomBytes, randomShapes, seededRandom, stampedPerRecord } from './checksum-records.js';

const PAGE_BYTES = 65536;
const RESERVED_BYTES = PAGE_BYTES;
const GIB = 1024 * 1024 * 1024;

// Lazily committed: only the pages a test writes cost memory.
const WasmMemory = (globalThis as unknown as { WebAssembly: { Memory: new (d: object) => SharedWasmMemory } }).WebAssembly.Memory;
const memory = new WasmMemory({ initial: 65536, maximum: 65536, shared: true });
const bytes = Buffer.from(memory.buffer);

test('the shared kernel instantiates over a 4 GiB shared memory and fits in the reserved page', () => {
  assert.equal(memory.buffer.byteLength, 4 * GIB);
  const kernel = loadXxh3WasmInPlace(memory, RESERVED_BYTES);
  assert.ok(kernel.footprintBytes > 0 && kernel.footprintBytes <= RESERVED_BYTES, `footprint ${kernel.footprintBytes}`);
});

test('in-place stamping equals napi per record at offsets below, across and above 2 GiB and at the end of memory', () => {
  const kernel = loadXxh3WasmInPlace(memory, RESERVED_BYTES);
  const next = seededRandom(41);
  const batch = buildBatch(next, randomShapes(next, 300, 3000));
  const expected = stampedPerRecord(batch, 0, 300);
  const offsets = [
    RESERVED_BYTES,
    RESERVED_BYTES + 3,
    2 * GIB - 1000, // straddles 2^31
    2 * GIB,
    2 * GIB + 77,
    3 * GIB + 4096,
    4 * GIB - batch.length - 1,
    4 * GIB - batch.length, // the batch's last byte is memory's last byte
  ];
  for (const offset of offsets) {
    batch.copy(bytes, offset);
    kernel.stampRecordsAt(offset, batch.length, 300);
    assertSameBytes(bytes.subarray(offset, offset + batch.length), expected, `offset ${offset}`);
    const record = bytes.subarray(offset, offset + 64 + bytes.readUInt32LE(offset + 48) + bytes.readUInt32LE(offset + 52));
    assert.equal(kernel.xxh3_64At(offset + 8, record.length - 8), record.readBigUInt64LE(0), `xxh3_64At at ${offset}`);
  }
});

test('long records (blocks of the long-input path) stamp in place above 2 GiB', () => {
  const kernel = loadXxh3WasmInPlace(memory, RESERVED_BYTES);
  const next = seededRandom(42);
  const batch = buildBatch(next, [
    { payloadBytes: 1_000_000, userHeadersBytes: 0 },
    { payloadBytes: 1024, userHeadersBytes: 100 },
    { payloadBytes: 0, userHeadersBytes: 0 },
  ]);
  const offset = 3 * GIB - 333;
  batch.copy(bytes, offset);
  kernel.stampRecordsAt(offset, batch.length, 3);
  assertSameBytes(bytes.subarray(offset, offset + batch.length), stampedPerRecord(batch, 0, 3), 'long records');
});

test('a batch that does not tile its length is refused and left unchanged', () => {
  const kernel = loadXxh3WasmInPlace(memory, RESERVED_BYTES);
  const next = seededRandom(43);
  const batch = buildBatch(next, randomShapes(next, 20, 500));
  const offset = 2 * GIB + 4096;
  for (const [length, count] of [
    [batch.length - 1, 20],
    [batch.length + 1, 20],
    [batch.length, 19],
    [batch.length, 21],
    [batch.length, 0],
  ] as const) {
    batch.copy(bytes, offset);
    assert.throws(() => kernel.stampRecordsAt(offset, length, count), RangeError, `length ${length} count ${count}`);
    assertSameBytes(bytes.subarray(offset, offset + batch.length), batch, `unchanged after length ${length} count ${count}`);
  }
  // A record whose header claims 4 GiB: the walk stops at the batch end and reads nothing past it.
  batch.copy(bytes, offset);
  bytes.writeUInt32LE(0xffff_ffff, offset + 52);
  assert.throws(() => kernel.stampRecordsAt(offset, batch.length, 20), RangeError);
});

test('ranges in the reserved page or past the end of memory are refused before the kernel runs', () => {
  const kernel = loadXxh3WasmInPlace(memory, RESERVED_BYTES);
  assert.throws(() => kernel.stampRecordsAt(0, 64, 1), RangeError);
  assert.throws(() => kernel.stampRecordsAt(RESERVED_BYTES - 1, 64, 1), RangeError);
  assert.throws(() => kernel.stampRecordsAt(4 * GIB - 63, 64, 1), RangeError);
  assert.throws(() => kernel.xxh3_64At(4 * GIB, 1), RangeError);
});

test('a module that needs more than the reserved bytes is refused', () => {
  assert.throws(() => loadXxh3WasmInPlace(memory, 512), /only 512 are reserved/);
});

test('two threads stamp different batches in the same shared memory at once', async () => {
  const next = seededRandom(44);
  const batches = [0, 1].map(() => buildBatch(next, randomShapes(next, 2000, 2000)));
  const offsets = [2 * GIB + 1_000_000, 3 * GIB + 5];
  for (let round = 0; round < 3; round += 1) {
    batches.forEach((batch, index) => batch.copy(bytes, offsets[index]!));
    const workerSource = `
      const { workerData, parentPort } = require('node:worker_threads');
      import(workerData.module).then(({ loadXxh3WasmInPlace }) => {
        const kernel = loadXxh3WasmInPlace(workerData.memory, workerData.reserved);
        kernel.stampRecordsAt(workerData.offset, workerData.length, workerData.count);
        parentPort.postMessage('done');
      });`;
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { module: new URL('../src/index.js', import.meta.url).href, memory, reserved: RESERVED_BYTES, offset: offsets[1], length: batches[1]!.length, count: 2000 },
    });
    const workerDone = new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
    loadXxh3WasmInPlace(memory, RESERVED_BYTES).stampRecordsAt(offsets[0]!, batches[0]!.length, 2000);
    await workerDone;
    await worker.terminate();
    batches.forEach((batch, index) => {
      assertSameBytes(bytes.subarray(offsets[index]!, offsets[index]! + batch.length), stampedPerRecord(batch, 0, 2000), `round ${round} batch ${index}`);
    });
  }
  // Instantiating again (the module's one-time data init) left the kernel's data intact.
  const probe = randomBytes(next, 5000);
  probe.copy(bytes, RESERVED_BYTES);
  const { xxh3_64Napi } = await import('../src/index.js');
  assert.equal(loadXxh3WasmInPlace(memory, RESERVED_BYTES).xxh3_64At(RESERVED_BYTES, 5000), xxh3_64Napi(probe));
});
