// Feeds the frame readers the same byte stream split at every offset (and byte by byte) and
// checks they yield identical frames; also checks the length bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  CommandCode,
  ErrorCode,
  RequestFrameReader,
  ResponseFrameReader,
  encodeErrorResponse,
  encodeOkResponse,
  encodeRequestFrame,
} from '../src/index.js';
import { GET_STREAM_0_FRAME, PING_FRAME, SEND_MESSAGES_PAYLOAD } from './fixtures/golden-bytes.js';
import { assertIggyError, hex } from './helpers.js';

const requestStream = Buffer.concat([PING_FRAME, GET_STREAM_0_FRAME, encodeRequestFrame(CommandCode.SendMessages, SEND_MESSAGES_PAYLOAD), PING_FRAME]);
const expectedRequests = [
  { code: 1, payload: Buffer.alloc(0) },
  { code: 200, payload: hex('01 04 00 00 00 00') },
  { code: 101, payload: SEND_MESSAGES_PAYLOAD },
  { code: 1, payload: Buffer.alloc(0) },
];

const responseStream = Buffer.concat([
  encodeOkResponse(),
  encodeOkResponse(hex('01 02 03')),
  encodeErrorResponse(ErrorCode.StreamIdNotFound),
  encodeOkResponse(Buffer.alloc(300, 9)),
]);
const expectedResponses = [
  { status: 0, payload: Buffer.alloc(0) },
  { status: 0, payload: hex('01 02 03') },
  { status: 1009, payload: Buffer.alloc(0) },
  { status: 0, payload: Buffer.alloc(300, 9) },
];

test('RequestFrameReader: same frames whatever the split point', () => {
  for (let split = 0; split <= requestStream.length; split++) {
    const reader = new RequestFrameReader(1 << 20);
    const frames = [...reader.push(requestStream.subarray(0, split)), ...reader.push(requestStream.subarray(split))];
    assert.deepEqual(frames, expectedRequests, `split at ${split}`);
    assert.equal(reader.bufferedBytes, 0);
  }
});

test('RequestFrameReader: byte by byte', () => {
  const reader = new RequestFrameReader(1 << 20);
  const frames = [];
  for (let index = 0; index < requestStream.length; index++) frames.push(...reader.push(requestStream.subarray(index, index + 1)));
  assert.deepEqual(frames, expectedRequests);
});

test('ResponseFrameReader: same frames whatever the split point', () => {
  for (let split = 0; split <= responseStream.length; split++) {
    const reader = new ResponseFrameReader(1 << 20);
    const frames = [...reader.push(responseStream.subarray(0, split)), ...reader.push(responseStream.subarray(split))];
    assert.deepEqual(frames, expectedResponses, `split at ${split}`);
  }
});

test('request length below 4 is invalid (3)', () => {
  for (const length of [0, 1, 2, 3]) {
    const frame = Buffer.alloc(8);
    frame.writeUInt32LE(length, 0);
    assertIggyError(() => new RequestFrameReader(1024).push(frame), ErrorCode.InvalidCommand, `length ${length}`);
  }
});

test('request length above the maximum is refused before buffering the payload', () => {
  const header = Buffer.alloc(8);
  header.writeUInt32LE(4 + 1025, 0);
  header.writeUInt32LE(CommandCode.SendMessages, 4);
  assertIggyError(() => new RequestFrameReader(1024).push(header), ErrorCode.InvalidCommand);
  // Exactly at the maximum is fine.
  header.writeUInt32LE(4 + 1024, 0);
  const reader = new RequestFrameReader(1024);
  assert.deepEqual(reader.push(header), []);
  assert.equal(reader.push(Buffer.alloc(1024)).length, 1);
});

test('response length above the maximum is refused', () => {
  assertIggyError(() => new ResponseFrameReader(16).push(hex('00 00 00 00 | 11 00 00 00')), ErrorCode.InvalidCommand);
});
