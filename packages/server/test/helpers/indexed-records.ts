// Index-derived messages as raw wire bytes, for the volume suites (1M messages): the same messages
// as buildMessages() (payload from buildPayload, `index` and `name` headers), but written straight
// into a SendMessages payload and checked straight in a PollMessages response, without one JS
// object per message. Building and decoding message objects was most of the 1M-message restart
// suite's CPU (decode 10 s, expected payloads 4 s, garbage collection 6 s of a 40 s profile).
import assert from 'node:assert/strict';
import {
  HeaderKind,
  MESSAGE_HEADER,
  MESSAGE_HEADER_SIZE,
  POLL_RESPONSE_HEADER_SIZE,
  encodeSendMessagesPrefix,
  type SendMessagesMeta,
} from '@iggy-node/protocol';
import { rampOf } from './messages.js';

const INDEX_KEY = Buffer.from('index');
const NAME_KEY = Buffer.from('name');
const MESSAGE_PREFIX = Buffer.from('message-');
const PIPE = 0x7c;
/** Room for one record's user headers after its payload: at most 57 B (a 16-digit index). */
const HEADERS_ROOM_BYTES = 64;


/**
 * Writes message `index`'s payload (byte-identical to buildPayload(index, payloadSizeBytes,
 * prefix)) and user headers (byte-identical to encodeUserHeaders(buildHeaders(index))) at
 * target[at...]; returns the user-headers length. The caller guarantees
 * payloadSizeBytes + HEADERS_ROOM_BYTES bytes of room.
 */
export function writeIndexedBody(target: Buffer, at: number, index: number, payloadSizeBytes: number, prefix = 'message'): number {
  const start = (index * 31) & 0xff;
  rampOf(start + payloadSizeBytes).copy(target, at, start, start + payloadSizeBytes);
  if (prefix === 'message' && payloadSizeBytes >= MESSAGE_PREFIX.length + 17) {
    // "message-<index>|" without a string per message (the common case of the volume suites).
    const digitsAt = at + MESSAGE_PREFIX.copy(target, at);
    target[digitsAt + writeDecimal(target, digitsAt, index)] = PIPE;
  } else {
    target.write(`${prefix}-${index}|`, at, payloadSizeBytes, 'utf8');
  }
  let h = at + payloadSizeBytes;
  h = writeItem(target, h, HeaderKind.String, INDEX_KEY);
  target[h] = HeaderKind.Uint32;
  target.writeUInt32LE(4, h + 1);
  target.writeUInt32LE(index, h + 5);
  h = writeItem(target, h + 9, HeaderKind.String, NAME_KEY);
  target[h] = HeaderKind.String;
  const nameLength = MESSAGE_PREFIX.copy(target, h + 5) + writeDecimal(target, h + 5 + MESSAGE_PREFIX.length, index);
  target.writeUInt32LE(nameLength, h + 1);
  return h + 5 + nameLength - (at + payloadSizeBytes);
}

/** Writes `value` (a non-negative integer) in decimal ASCII at target[at...]; returns the digit count. */
function writeDecimal(target: Buffer, at: number, value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
  for (let position = at + digits - 1, rest = value; position >= at; position--, rest = Math.floor(rest / 10)) target[position] = 48 + (rest % 10);
  return digits;
}

function writeItem(target: Buffer, at: number, kind: number, value: Buffer): number {
  target[at] = kind;
  target.writeUInt32LE(value.length, at + 1);
  value.copy(target, at + 5);
  return at + 5 + value.length;
}

export interface IndexedBatchOptions {
  firstIndex: number;
  count: number;
  payloadSizeBytes: number;
  /** Written to every message, as the SDK writes its default (µs since epoch now). */
  originTimestampUs?: bigint;
}

/**
 * The SendMessages payload for messages firstIndex..firstIndex+count-1: byte-identical to
 * encodeSendMessagesRequest({ ...meta, messages: buildMessages(count, payloadSizeBytes,
 * { firstIndex }) }) when every message has the same origin timestamp.
 */
export function encodeIndexedSendMessages(meta: SendMessagesMeta, options: IndexedBatchOptions): Buffer {
  const { firstIndex, count, payloadSizeBytes } = options;
  const ends = new Uint32Array(count);
  // The prefix's length depends only on meta and count: write the messages right after it.
  const prefixLength = encodeSendMessagesPrefix(meta, ends).length;
  const frame = Buffer.alloc(prefixLength + count * (MESSAGE_HEADER_SIZE + payloadSizeBytes + HEADERS_ROOM_BYTES));
  const raw = frame.subarray(prefixLength);
  const origin = options.originTimestampUs ?? BigInt(Date.now()) * 1000n;
  let at = 0;
  for (let position = 0; position < count; position++) {
    // checksum, id, offset, timestamp and reserved stay 0 (the server assigns them).
    raw.writeBigUInt64LE(origin, at + MESSAGE_HEADER.ORIGIN_TIMESTAMP);
    const headersLength = writeIndexedBody(raw, at + MESSAGE_HEADER_SIZE, firstIndex + position, payloadSizeBytes);
    raw.writeUInt32LE(headersLength, at + MESSAGE_HEADER.USER_HEADERS_LENGTH);
    raw.writeUInt32LE(payloadSizeBytes, at + MESSAGE_HEADER.PAYLOAD_LENGTH);
    at += MESSAGE_HEADER_SIZE + payloadSizeBytes + headersLength;
    ends[position] = at;
  }
  encodeSendMessagesPrefix(meta, ends).copy(frame, 0);
  return frame.subarray(0, prefixLength + at);
}

export interface PollResponseHeader {
  partitionId: number;
  currentOffset: bigint;
  count: number;
}

export function readPollResponseHeader(payload: Buffer): PollResponseHeader {
  assert.ok(payload.length >= POLL_RESPONSE_HEADER_SIZE, `poll response of ${payload.length} bytes`);
  return { partitionId: payload.readUInt32LE(0), currentOffset: payload.readBigUInt64LE(4), count: payload.readUInt32LE(12) };
}

export interface ExpectIndexedRecords {
  /** Offset of the first record; the others must follow consecutively. */
  firstOffset: number;
  /** Message index stored at `offset` (what writeIndexedBody wrote for it). */
  indexAt: (offset: number) => number;
  payloadSizeBytes: number;
  /** Names the poll in failure messages. */
  where: string;
}

const scratch = { buffer: Buffer.alloc(0) };

/**
 * Checks every record of a PollMessages response payload: consecutive offsets from firstOffset,
 * reserved field 0, the payload and user headers byte-identical to message indexAt(offset)'s, and
 * no bytes after the last record. Returns where each record starts (for timestamps, ids).
 */
export function assertIndexedRecords(payload: Buffer, expect: ExpectIndexedRecords): Uint32Array {
  const { count } = readPollResponseHeader(payload);
  const starts = new Uint32Array(count);
  const room = expect.payloadSizeBytes + HEADERS_ROOM_BYTES;
  if (scratch.buffer.length < room) scratch.buffer = Buffer.alloc(room);
  const want = scratch.buffer;
  let at = POLL_RESPONSE_HEADER_SIZE;
  for (let position = 0; position < count; position++) {
    const offset = expect.firstOffset + position;
    if (payload.length - at < MESSAGE_HEADER_SIZE) assert.fail(`${expect.where}: response cut short at offset ${offset}`);
    starts[position] = at;
    const stored = payload.readUInt32LE(at + MESSAGE_HEADER.OFFSET) + payload.readUInt32LE(at + MESSAGE_HEADER.OFFSET + 4) * 2 ** 32;
    if (stored !== offset) assert.fail(`${expect.where}: expected offset ${offset}, found ${stored}`);
    if (payload.readUInt32LE(at + MESSAGE_HEADER.RESERVED) !== 0 || payload.readUInt32LE(at + MESSAGE_HEADER.RESERVED + 4) !== 0) {
      assert.fail(`${expect.where} offset ${offset}: reserved field not 0`);
    }
    const payloadLength = payload.readUInt32LE(at + MESSAGE_HEADER.PAYLOAD_LENGTH);
    const size = payloadLength + payload.readUInt32LE(at + MESSAGE_HEADER.USER_HEADERS_LENGTH);
    const wantSize = expect.payloadSizeBytes + writeIndexedBody(want, 0, expect.indexAt(offset), expect.payloadSizeBytes);
    const bodyAt = at + MESSAGE_HEADER_SIZE;
    if (payloadLength !== expect.payloadSizeBytes || size !== wantSize || bodyAt + size > payload.length || want.compare(payload, bodyAt, bodyAt + size, 0, wantSize) !== 0) {
      assert.fail(`${expect.where} offset ${offset}: payload or headers differ from message ${expect.indexAt(offset)}`);
    }
    at = bodyAt + size;
  }
  if (at !== payload.length) assert.fail(`${expect.where}: ${payload.length - at} bytes after the last of ${count} records`);
  return starts;
}
