// Breaks a valid SendMessages payload in one way per §15.4 rule and checks that
// validateSendMessagesBatch reports exactly that rule's code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ErrorCode,
  MESSAGE_HEADER,
  decodeSendMessagesRequest,
  encodeSendMessagesFromRaw,
  encodeSendMessagesPrefix,
  encodeSendMessagesRequest,
  messageRecordEnds,
  validateSendMessagesBatch,
  type SendMessagesBatch,
} from '../src/index.js';
import { SEND_MESSAGES_PAYLOAD } from './fixtures/golden-bytes.js';
import { assertIggyError } from './helpers.js';

// Layout of the golden payload: 4 + 20 metadata, 32 index bytes, messages at 56 (78 + 67 bytes).
const INDEX_START = 24;
const MESSAGES_START = 56;

function mutated(patch: (payload: Buffer) => void): () => void {
  const payload = Buffer.from(SEND_MESSAGES_PAYLOAD);
  patch(payload);
  return () => validateSendMessagesBatch(decodeSendMessagesRequest(payload));
}

test('the golden batch is valid', () => {
  validateSendMessagesBatch(decodeSendMessagesRequest(SEND_MESSAGES_PAYLOAD));
});

test('4009: zero messages', () => {
  const payload = Buffer.from(SEND_MESSAGES_PAYLOAD.subarray(0, INDEX_START));
  payload.writeUInt32LE(0, 20);
  assertIggyError(() => validateSendMessagesBatch(decodeSendMessagesRequest(payload)), ErrorCode.InvalidMessagesCount);
});

test('4031 / 4032: non-zero index offset or timestamp', () => {
  assertIggyError(mutated((p) => p.writeUInt32LE(1, INDEX_START + 16)), ErrorCode.NonZeroOffset);
  assertIggyError(mutated((p) => p.writeBigUInt64LE(1n, INDEX_START + 8)), ErrorCode.NonZeroTimestamp);
});

test('10011: decreasing index positions', () => {
  assertIggyError(mutated((p) => p.writeUInt32LE(70, INDEX_START + 16 + 4)), ErrorCode.CannotReadIndexPosition);
});

test('4033: position past the section, region shorter than a header, record longer than its region', () => {
  assertIggyError(mutated((p) => p.writeUInt32LE(146, INDEX_START + 16 + 4)), ErrorCode.MissingIndex);
  assertIggyError(mutated((p) => p.writeUInt32LE(63, INDEX_START + 4)), ErrorCode.MissingIndex);
  assertIggyError(mutated((p) => p.writeUInt32LE(3, MESSAGES_START + MESSAGE_HEADER.PAYLOAD_LENGTH)), ErrorCode.MissingIndex);
});

test('4022 / 4017: payload or user headers over their maximum', () => {
  assertIggyError(mutated((p) => p.writeUInt32LE(64_000_001, MESSAGES_START + MESSAGE_HEADER.PAYLOAD_LENGTH)), ErrorCode.TooBigMessagePayload);
  assertIggyError(mutated((p) => p.writeUInt32LE(100_001, MESSAGES_START + MESSAGE_HEADER.USER_HEADERS_LENGTH)), ErrorCode.TooBigUserHeaders);
});

test('4100: decreasing message offsets', () => {
  assertIggyError(mutated((p) => p.writeBigUInt64LE(5n, MESSAGES_START + MESSAGE_HEADER.OFFSET)), ErrorCode.InvalidOffset);
});

test('4036: messages do not add up to the section (gap or trailing bytes)', () => {
  assertIggyError(mutated((p) => p.writeUInt32LE(1, MESSAGES_START + MESSAGE_HEADER.PAYLOAD_LENGTH)), ErrorCode.InvalidMessagesSize);
  const withTrailing = Buffer.concat([SEND_MESSAGES_PAYLOAD, Buffer.from([0])]);
  assertIggyError(() => validateSendMessagesBatch(decodeSendMessagesRequest(withTrailing)), ErrorCode.InvalidMessagesSize);
});

test('4034 / 4035: index section not a multiple of 16, or count mismatch', () => {
  const batch = decodeSendMessagesRequest(SEND_MESSAGES_PAYLOAD);
  const broken = (patch: Partial<SendMessagesBatch>) => () => validateSendMessagesBatch({ ...batch, ...patch });
  assertIggyError(broken({ indexes: batch.indexes.subarray(0, 20) }), ErrorCode.InvalidIndexesByteSize);
  assertIggyError(broken({ messagesCount: 3 }), ErrorCode.InvalidIndexesCount);
});

test('3: metadata length disagreeing with its fields, index section past the payload', () => {
  const longMeta = Buffer.from(SEND_MESSAGES_PAYLOAD);
  longMeta.writeUInt32LE(21, 0);
  assertIggyError(() => decodeSendMessagesRequest(longMeta), ErrorCode.InvalidCommand);
  const manyMessages = Buffer.from(SEND_MESSAGES_PAYLOAD);
  manyMessages.writeUInt32LE(100, 20);
  assertIggyError(() => decodeSendMessagesRequest(manyMessages), ErrorCode.InvalidCommand);
});

test('encoder refuses what SDKs refuse: no messages, empty or oversized payload', () => {
  const meta = { streamId: 1, topicId: 1, partitioning: { kind: 'balanced' as const } };
  assertIggyError(() => encodeSendMessagesRequest({ ...meta, messages: [] }), ErrorCode.InvalidMessagesCount);
  assertIggyError(() => encodeSendMessagesRequest({ ...meta, messages: [{ payload: Buffer.alloc(0) }] }), ErrorCode.EmptyMessagePayload);
  assertIggyError(() => encodeSendMessagesRequest({ ...meta, messages: [{ payload: Buffer.alloc(64_000_001) }] }), ErrorCode.TooBigMessagePayload);
  assertIggyError(
    () => encodeSendMessagesRequest({ ...meta, messages: [{ payload: Buffer.from('x'), headers: Buffer.alloc(100_001) }] }),
    ErrorCode.TooBigUserHeaders,
  );
});

test('raw fast path gives the same bytes as the message encoder', () => {
  const batch = decodeSendMessagesRequest(SEND_MESSAGES_PAYLOAD);
  const meta = { streamId: batch.streamId, topicId: batch.topicId, partitioning: batch.partitioning };
  assert.deepEqual([...messageRecordEnds(batch.messages, 2)], [78, 145]);
  assert.deepEqual(encodeSendMessagesFromRaw(meta, batch.messages, 2), SEND_MESSAGES_PAYLOAD);
  assert.deepEqual(encodeSendMessagesFromRaw(meta, batch.messages, 2, [78, 145]), SEND_MESSAGES_PAYLOAD);
  assert.deepEqual(Buffer.concat([encodeSendMessagesPrefix(meta, [78, 145]), batch.messages]), SEND_MESSAGES_PAYLOAD);
  assertIggyError(() => messageRecordEnds(batch.messages.subarray(0, 100), 2), ErrorCode.MissingIndex);
});
