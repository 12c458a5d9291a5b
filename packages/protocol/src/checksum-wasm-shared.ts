import { readFileSync } from 'node:fs';

// The XXH3 batch kernel built to import a shared WebAssembly.Memory (native/xxh3-shared.wasm,
// scripts/build-xxh3-wasm.sh): instantiated over the server's memory pool, it stamps a batch
// where it lies in its pool slot, with nothing copied into or out of wasm memory. Each thread
// instantiates its own copy over the same memory; the module uses no stack, and its static data
// sits below scratch_base(), inside the region the pool keeps free for it.

const DEFAULT_SHARED_WASM_URL = new URL('../../native/xxh3-shared.wasm', import.meta.url);

/** stamp_records_in_place's answer when the records do not tile the batch. */
const NOT_TILED = 0xffff_ffff;

// lib ES2023 and @types/node 20 declare no WebAssembly namespace; the little used here:
/** A WebAssembly.Memory created with `shared: true` (its buffer is a SharedArrayBuffer). */
export interface SharedWasmMemory {
  readonly buffer: SharedArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface Xxh3SharedExports {
  xxh3_64(pointer: number, length: number): bigint;
  stamp_records_in_place(base: number, count: number, byteLength: number): number;
  scratch_base(): number;
}

/** A kernel instance over one shared memory. Any thread may hold one; each holds its own. */
export interface Xxh3InPlaceKernel {
  /** Bytes at the start of the memory the module's static data needs (must stay unused by others). */
  readonly footprintBytes: number;
  /**
   * Stamps `count` records laid back to back in memory bytes [byteOffset, byteOffset+byteLength):
   * XXH3-64 of record bytes [8, size) into bytes [0, 8), little-endian, in place. Throws
   * RangeError, changing nothing, when the records do not tile exactly byteLength bytes.
   */
  stampRecordsAt(byteOffset: number, byteLength: number, count: number): void;
  /** XXH3-64, seed 0, of memory bytes [byteOffset, byteOffset+length). */
  xxh3_64At(byteOffset: number, length: number): bigint;
}

/**
 * Instantiates the shared-memory kernel over `memory`. Throws (with the reason) when the module
 * file is missing, does not instantiate over this memory, or needs more than
 * `reservedBytes` at the start of it: the caller then keeps the copying path and says so.
 */
export function loadXxh3WasmInPlace(
  memory: SharedWasmMemory,
  reservedBytes: number,
  source: URL | Uint8Array = DEFAULT_SHARED_WASM_URL,
): Xxh3InPlaceKernel {
  const bytes = source instanceof URL ? readFileSync(source) : source;
  const exports = new wasmApi.Instance(new wasmApi.Module(bytes), { env: { memory } }).exports as Xxh3SharedExports;
  if (typeof exports.stamp_records_in_place !== 'function' || typeof exports.xxh3_64 !== 'function') {
    throw new Error('xxh3-shared.wasm lacks stamp_records_in_place (stale build?)');
  }
  // i32 results reach JS signed; addresses are unsigned.
  const footprintBytes = exports.scratch_base() >>> 0;
  if (footprintBytes > reservedBytes) {
    throw new RangeError(`xxh3-shared.wasm needs ${footprintBytes} bytes at the start of memory; only ${reservedBytes} are reserved`);
  }
  const memoryBytes = memory.buffer.byteLength;
  function checkRange(byteOffset: number, byteLength: number): void {
    if (!Number.isSafeInteger(byteOffset) || !Number.isSafeInteger(byteLength) || byteOffset < reservedBytes || byteLength < 0 || byteOffset + byteLength > memoryBytes) {
      throw new RangeError(`[${byteOffset}, ${byteOffset + byteLength}) is outside the memory's usable [${reservedBytes}, ${memoryBytes})`);
    }
  }
  return {
    footprintBytes,
    stampRecordsAt(byteOffset: number, byteLength: number, count: number): void {
      checkRange(byteOffset, byteLength);
      // Offsets above 2 GiB pass as negative i32s (ToInt32 wraps); the module reads them unsigned.
      const stamped = exports.stamp_records_in_place(byteOffset, count, byteLength) >>> 0;
      if (stamped === NOT_TILED || stamped !== count) {
        throw new RangeError(`batch of ${count} records does not tile ${byteLength} bytes`);
      }
    },
    xxh3_64At(byteOffset: number, length: number): bigint {
      checkRange(byteOffset, length);
      return BigInt.asUintN(64, exports.xxh3_64(byteOffset, length));
    },
  };
}
