// The in-place read API of FrameReader (issue 14): a payload that does not arrive in one chunk
// goes to the allocatePayload buffer as soon as its header is read; the rest can be read straight
// into inPlaceTarget() (never past the frame) and announced with pushInPlace. Checks the frames,
// the copy accounting and takeUnconsumed for a half-received payload.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestFrameReader, encodeRequestFrame } from '../src/index.js';

function payloadOf(size: number, seed: number): Buffer {
  const payload = Buffer.alloc(size);
  for (let i = 0; i < size; i++) payload[i] = (i * 7 + seed) & 0xff;
  return payload;
}

test('FrameReader: a payload read in place is the allocated buffer itself, copied only for its first chunk', () => {
  const big = payloadOf(10_000, 1);
  const frame = encodeRequestFrame(101, big);
  const next = encodeRequestFrame(1);
  const allocated: Buffer[] = [];
  const copies: number[] = [];
  const reader = new RequestFrameReader(
    1 << 20,
    (n) => {
      const buffer = Buffer.alloc(n);
      allocated.push(buffer);
      return buffer;
    },
    (n) => copies.push(n),
  );
  // Header and the first 100 payload bytes in one chunk: those 100 are copied.
  assert.deepEqual(reader.push(frame.subarray(0, 108)), []);
  assert.deepEqual(copies, [100]);
  let received = 108;
  while (received < frame.length) {
    const target = reader.inPlaceTarget();
    assert.ok(target !== null, 'the rest of the payload is readable in place');
    assert.equal(target.length, frame.length - received, 'the target never reaches past the frame');
    const part = Math.min(3000, target.length);
    frame.copy(target, 0, received, received + part); // what the kernel would do
    const frames = reader.pushInPlace(part);
    received += part;
    if (received < frame.length) assert.deepEqual(frames, []);
    else {
      assert.equal(frames.length, 1);
      assert.equal(frames[0]!.code, 101);
      assert.equal(frames[0]!.payload, allocated[0], 'the payload is the allocated buffer, not a copy');
      assert.ok(frames[0]!.payload.equals(big));
    }
  }
  assert.deepEqual(copies, [100], 'nothing read in place was copied');
  assert.equal(reader.inPlaceTarget(), null);
  assert.deepEqual(reader.push(next), [{ code: 1, payload: Buffer.alloc(0) }]);
});

test('FrameReader: takeUnconsumed returns a half-received in-place payload exactly, and discard drops it', () => {
  const frame = encodeRequestFrame(101, payloadOf(5000, 3));
  const reader = new RequestFrameReader(1 << 20, (n) => Buffer.alloc(n));
  reader.push(frame.subarray(0, 1000));
  const target = reader.inPlaceTarget()!;
  frame.copy(target, 0, 1000, 2500);
  reader.pushInPlace(1500);
  assert.equal(reader.bufferedBytes, 2492, 'payload bytes received count as buffered');
  assert.ok(Buffer.concat(reader.takeUnconsumed()).equals(frame.subarray(0, 2500)));
  assert.equal(reader.bufferedBytes, 0);
  reader.push(frame.subarray(0, 1000));
  reader.discard();
  assert.equal(reader.inPlaceTarget(), null);
  assert.throws(() => reader.pushInPlace(1), RangeError);
});
