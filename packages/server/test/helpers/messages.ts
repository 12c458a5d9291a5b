import assert from 'node:assert/strict';
import { HeaderValues, type PolledMessage, type SendMessage, type UserHeaders } from '@iggy-node/protocol';

export interface BuildMessagesOptions {
  /** Number added to each message's index in payloads and headers, so batches stay distinct. Default 0. */
  firstIndex?: number;
  /** Default true: each message carries `index` (uint32) and `name` (string) headers. */
  withHeaders?: boolean;
  /** Default false: let the server assign ids (id 0). True: id = index + 1. */
  withIds?: boolean;
  /** Text at the start of every payload; default "message". */
  prefix?: string;
}

/**
 * `count` messages of exactly `payloadSizeBytes` bytes each. Payload i starts with
 * "<prefix>-<i>|" and is filled with a byte pattern that depends on i, so a message moved,
 * lost or mixed up with another shows up as a payload mismatch.
 */
export function buildMessages(count: number, payloadSizeBytes: number, options: BuildMessagesOptions = {}): SendMessage[] {
  assert.ok(payloadSizeBytes >= 1, 'Iggy refuses empty payloads');
  const firstIndex = options.firstIndex ?? 0;
  const messages: SendMessage[] = [];
  for (let position = 0; position < count; position++) {
    const index = firstIndex + position;
    const message: SendMessage = { payload: buildPayload(index, payloadSizeBytes, options.prefix ?? 'message') };
    if (options.withHeaders ?? true) message.headers = buildHeaders(index);
    if (options.withIds) message.id = BigInt(index + 1);
    messages.push(message);
  }
  return messages;
}

export function buildPayload(index: number, sizeBytes: number, prefix = 'message'): Buffer {
  // Byte `at` is (index * 31 + at) & 0xff: a window of the repeating 0..255 ramp, copied with one
  // memcpy (a byte loop cost the 1M-message suites seconds of CPU per pass).
  const start = (index * 31) & 0xff;
  const payload = Buffer.allocUnsafe(sizeBytes);
  rampOf(start + sizeBytes).copy(payload, 0, start, start + sizeBytes);
  payload.write(`${prefix}-${index}|`, 0, 'utf8');
  return payload;
}

let ramp = Buffer.alloc(0);
/** At least `length` bytes of 0, 1, ..., 255, 0, 1, ... (buildPayload copies from it; so does indexed-records.ts). */
export function rampOf(length: number): Buffer {
  if (ramp.length < length) {
    ramp = Buffer.allocUnsafe(Math.max(length, 2 * ramp.length, 4096));
    for (let at = 0; at < ramp.length; at++) ramp[at] = at & 0xff;
  }
  return ramp;
}

export function buildHeaders(index: number): UserHeaders {
  return { index: HeaderValues.uint32(index), name: HeaderValues.string(`message-${index}`) };
}

export interface ExpectPolledOptions {
  /** Offset of the first polled message; consecutive offsets are expected after it. */
  firstOffset?: bigint;
}

/**
 * Asserts that `polled` are exactly `sent`, in order: same payloads, the same headers (or none),
 * the sent id where one was given, and consecutive offsets from `firstOffset` when given.
 */
export function assertPolledMatch(polled: readonly PolledMessage[], sent: readonly SendMessage[], options: ExpectPolledOptions = {}): void {
  assert.equal(polled.length, sent.length, `polled ${polled.length} messages, expected ${sent.length}`);
  for (let position = 0; position < sent.length; position++) {
    const got = polled[position]!;
    const want = sent[position]!;
    const where = `message ${position} (offset ${got.offset})`;
    assert.ok(got.payload.equals(want.payload), `${where}: payload differs`);
    if (want.id !== undefined && want.id !== 0n) assert.equal(got.id, want.id, `${where}: id`);
    else assert.notEqual(got.id, 0n, `${where}: the server must assign a non-zero id`);
    if (want.headers === undefined) {
      assert.equal(got.rawHeaders.length, 0, `${where}: unexpected headers`);
    } else if (Buffer.isBuffer(want.headers)) {
      assert.ok(got.rawHeaders.equals(want.headers), `${where}: header bytes differ`);
    } else {
      assert.deepEqual(got.headers, want.headers, `${where}: headers`);
    }
    if (options.firstOffset !== undefined) {
      assert.equal(got.offset, options.firstOffset + BigInt(position), `${where}: offset`);
    }
  }
}
