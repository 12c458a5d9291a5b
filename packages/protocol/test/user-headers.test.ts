// Round-trips every header kind through the user-headers block and checks 4018 / 4019 for
// malformed keys and values, including truncation at every length.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ErrorCode,
  HeaderKind,
  HeaderValues,
  decodeUserHeaderEntries,
  decodeUserHeaders,
  encodeUserHeaderEntries,
  encodeUserHeaders,
  headerValueToJs,
} from '../src/index.js';
import { assertIggyError, hex, throwsOnlyIggyError } from './helpers.js';

const values = {
  raw: HeaderValues.raw(Buffer.from([1, 2, 3])),
  string: HeaderValues.string('héllo'),
  bool: HeaderValues.bool(true),
  int8: HeaderValues.int8(-8),
  int16: HeaderValues.int16(-300),
  int32: HeaderValues.int32(-70000),
  int64: HeaderValues.int64(-(1n << 40n)),
  int128: HeaderValues.int128(-(1n << 100n)),
  uint8: HeaderValues.uint8(200),
  uint16: HeaderValues.uint16(60000),
  uint32: HeaderValues.uint32(4_000_000_000),
  uint64: HeaderValues.uint64(1n << 63n),
  uint128: HeaderValues.uint128((1n << 127n) + 1n),
  float32: HeaderValues.float32(1.5),
  float64: HeaderValues.float64(Math.PI),
};

test('every kind round-trips and converts back to its JS value', () => {
  const block = encodeUserHeaders(values);
  const decoded = decodeUserHeaders(block);
  assert.deepEqual(decoded, values);
  assert.deepEqual(
    Object.fromEntries(Object.entries(decoded).map(([key, value]) => [key, headerValueToJs(value)])),
    {
      raw: Buffer.from([1, 2, 3]),
      string: 'héllo',
      bool: true,
      int8: -8,
      int16: -300,
      int32: -70000,
      int64: -(1n << 40n),
      int128: -(1n << 100n),
      uint8: 200,
      uint16: 60000,
      uint32: 4_000_000_000,
      uint64: 1n << 63n,
      uint128: (1n << 127n) + 1n,
      float32: 1.5,
      float64: Math.PI,
    },
  );
});

test('wire form of one string entry', () => {
  assert.deepEqual(encodeUserHeaders({ k: HeaderValues.string('v') }), hex('02 01 00 00 00 6B 02 01 00 00 00 76'));
});

test('non-string keys keep their kind in entries', () => {
  const entries = [{ key: HeaderValues.int32(7), value: HeaderValues.bool(false) }];
  const block = encodeUserHeaderEntries(entries);
  assert.deepEqual(decodeUserHeaderEntries(block), entries);
  assert.deepEqual(Object.keys(decodeUserHeaders(block)), ['7']);
});

test('malformed keys give 4018, malformed values 4019', () => {
  assertIggyError(() => decodeUserHeaders(hex('00 01 00 00 00 6B 02 01 00 00 00 76')), ErrorCode.InvalidHeaderKey, 'key kind 0');
  assertIggyError(() => decodeUserHeaders(hex('02 00 00 00 00 02 01 00 00 00 76')), ErrorCode.InvalidHeaderKey, 'empty key');
  assertIggyError(() => decodeUserHeaders(hex('02 01 00 00 00 6B 10 01 00 00 00 76')), ErrorCode.InvalidHeaderValue, 'value kind 16');
  assertIggyError(() => decodeUserHeaders(hex('02 01 00 00 00 6B 06 02 00 00 00 01 02')), ErrorCode.InvalidHeaderValue, 'int32 of 2 bytes');
  assertIggyError(() => decodeUserHeaders(hex('02 01 00 00 00 6B 02 01 00 00 00 FF')), ErrorCode.InvalidHeaderValue, 'bad UTF-8');
  assertIggyError(() => encodeUserHeaders({ '': HeaderValues.bool(true) }), ErrorCode.InvalidHeaderKey, 'empty key');
  assertIggyError(() => encodeUserHeaders({ ['k'.repeat(256)]: HeaderValues.bool(true) }), ErrorCode.InvalidHeaderKey, 'long key');
  assertIggyError(() => encodeUserHeaders({ k: HeaderValues.raw(Buffer.alloc(256)) }), ErrorCode.InvalidHeaderValue, 'long value');
  assertIggyError(() => encodeUserHeaders({ k: { kind: 99 as HeaderKind, value: Buffer.from('x') } }), ErrorCode.InvalidHeaderValue);
});

test('a truncated block throws 4018/4019 at every length', () => {
  const block = encodeUserHeaders(values);
  for (let length = 1; length < block.length; length++) {
    const prefix = block.subarray(0, length);
    assert.ok(throwsOnlyIggyError(() => decodeUserHeaders(prefix), `prefix ${length}`) || isEntryBoundary(block, length), `prefix ${length} accepted`);
  }
});

/** True when `length` falls exactly after a whole entry (then the prefix is a valid block). */
function isEntryBoundary(block: Buffer, length: number): boolean {
  let at = 0;
  while (at < length) {
    at += 5 + block.readUInt32LE(at + 1);
    at += 5 + block.readUInt32LE(at + 1);
  }
  return at === length;
}
