// Checks the napi fallback: an unusable wasm file yields no kernel, the napi path stamps the
// same bytes, and IGGY_XXH3_WASM=0 (in a child process) turns the shared kernel off.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import { stampBatchChecksumsWith } from '../src/index.js';
import { loadXxh3Wasm } from '../src/checksum-wasm.js';
import { assertSameBytes, buildBatch, randomShapes, seededRandom, stampedPerRecord } from './checksum-records.js';

test('a missing or broken wasm file gives no kernel instead of throwing', () => {
  assert.equal(loadXxh3Wasm(new URL('file:///nonexistent/xxh3.wasm')), null);
  assert.equal(loadXxh3Wasm(Buffer.from('not a wasm module')), null);
  // A valid module without our exports: the 8-byte empty module.
  assert.equal(loadXxh3Wasm(Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])), null);
});

test('without a kernel the batch is stamped per record through napi', () => {
  const next = seededRandom(20);
  const kernel = loadXxh3Wasm(new URL('file:///nonexistent/xxh3.wasm'));
  for (let round = 0; round < 50; round += 1) {
    const count = 1 + (next() % 20);
    const batch = buildBatch(next, randomShapes(next, count, 2000));
    const stamped = Buffer.from(batch);
    stampBatchChecksumsWith(kernel, stamped, 0, count);
    assertSameBytes(stamped, stampedPerRecord(batch, 0, count), `round ${round}`);
  }
});

function kernelLoadedInChild(env: NodeJS.ProcessEnv): string {
  const moduleUrl = new URL('../src/checksum-wasm.js', import.meta.url).href;
  const child = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', `const m = await import(${JSON.stringify(moduleUrl)}); console.log(m.xxh3WasmKernel !== null);`],
    { env, encoding: 'utf8' },
  );
  assert.equal(child.status, 0, child.stderr);
  return child.stdout.trim();
}

test('IGGY_XXH3_WASM=0 disables the kernel; by default it loads from the built package', () => {
  assert.equal(kernelLoadedInChild({ ...process.env, IGGY_XXH3_WASM: '0' }), 'false');
  const env = { ...process.env };
  delete env['IGGY_XXH3_WASM'];
  assert.equal(kernelLoadedInChild(env), 'true');
});
