// Boundaries of the small shared encodings, with hand-written bytes: identifiers (§7.1),
// partitioning as the server decodes it inside SendMessages (§7.5, §15.1), every polling kind
// (§7.4). Written to kill mutants that survived the first mutation run (docs/TESTING.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, decodeGetStreamRequest, decodeGetTopicRequest, decodePollMessagesRequest, decodeSendMessagesRequest, encodeGetStreamRequest } from '../src/index.js';
import { assertIggyError, hex } from './helpers.js';

test('§7.1 numeric ids span the whole u32; names 1..255 bytes', () => {
  assert.deepEqual(encodeGetStreamRequest({ streamId: 0xffff_ffff }), hex('01 04 FF FF FF FF'));
  assert.deepEqual(encodeGetStreamRequest({ streamId: 0 }), hex('01 04 00 00 00 00'));
  assertIggyError(() => encodeGetStreamRequest({ streamId: 0x1_0000_0000 }), ErrorCode.InvalidIdentifier, 'u32 + 1');
  assertIggyError(() => encodeGetStreamRequest({ streamId: -1 }), ErrorCode.InvalidIdentifier, '-1');
  assertIggyError(() => encodeGetStreamRequest({ streamId: 1.5 }), ErrorCode.InvalidIdentifier, '1.5');
  const longest = 'n'.repeat(255);
  assert.deepEqual(encodeGetStreamRequest({ streamId: longest }), Buffer.concat([hex('02 FF'), Buffer.from(longest)]));
  assertIggyError(() => encodeGetStreamRequest({ streamId: 'n'.repeat(256) }), ErrorCode.InvalidIdentifier, '256 bytes');
  assertIggyError(() => encodeGetStreamRequest({ streamId: '' }), ErrorCode.InvalidIdentifier, 'empty name');
  assert.equal(decodeGetStreamRequest(Buffer.concat([hex('02 FF'), Buffer.from(longest), hex('00')])).streamId, longest);
  assert.equal(decodeGetStreamRequest(hex('01 04 FF FF FF FF')).streamId, 0xffff_ffff);
  for (const [bytes, what] of [
    ['02 00 00', 'length 0'],
    ['01 03 01 00 00', 'numeric of 3 bytes'],
    ['01 05 01 00 00 00 00', 'numeric of 5 bytes'],
    ['02 05 61 62', 'length past the payload'],
    ['03 01 61', 'kind 3'],
  ] as const) {
    assertIggyError(() => decodeGetStreamRequest(hex(bytes)), ErrorCode.InvalidIdentifier, what);
  }
  assertIggyError(() => decodeGetStreamRequest(hex('01')), ErrorCode.InvalidCommand, '§8.1: GetStream payload below 3 bytes');
  // A second identifier cut to one byte (GetTopic's 6-byte minimum is met).
  assertIggyError(() => decodeGetTopicRequest(hex('01 04 01 00 00 00 01')), ErrorCode.InvalidIdentifier, 'one byte left for the topic id');
});

/** §15.1 SendMessages with the given partitioning bytes (2 + K) and one 1-byte message. */
function sendWith(partitioning: string): Buffer {
  const partitioningBytes = hex(partitioning);
  const metadataLength = 6 + 6 + partitioningBytes.length + 4;
  return Buffer.concat([
    hex(metadataLength.toString(16).padStart(2, '0') + '000000'),
    hex('01 04 01 00 00 00', '01 04 02 00 00 00'),
    partitioningBytes,
    hex('01 00 00 00'),
    hex('00 00 00 00 | 41 00 00 00 | 00 00 00 00 00 00 00 00'),
    Buffer.alloc(52),
    hex('01 00 00 00'), // payload length 1 at offset 52
    Buffer.alloc(8),
    hex('7A'),
  ]);
}

test('§7.5 partitioning as decoded from SendMessages', () => {
  assert.deepEqual(decodeSendMessagesRequest(sendWith('01 00')).partitioning, { kind: 'balanced' });
  assert.deepEqual(decodeSendMessagesRequest(sendWith('02 04 07 00 00 00')).partitioning, { kind: 'partition_id', partitionId: 7 });
  const keyed = decodeSendMessagesRequest(sendWith('03 02 6B 31')).partitioning;
  assert.equal(keyed.kind, 'messages_key');
  assert.deepEqual(keyed.kind === 'messages_key' ? [...keyed.key] : null, [0x6b, 0x31]);
  const empty = decodeSendMessagesRequest(sendWith('03 00')).partitioning;
  assert.deepEqual(empty.kind === 'messages_key' ? empty.key.length : null, 0, 'an empty key is accepted on the binary path');
  assertIggyError(() => decodeSendMessagesRequest(sendWith('01 01 00')), ErrorCode.InvalidCommand, 'balanced with length 1');
  assertIggyError(() => decodeSendMessagesRequest(sendWith('02 03 07 00 00')), ErrorCode.InvalidCommand, 'partition_id with length 3');
  assertIggyError(() => decodeSendMessagesRequest(sendWith('04 00')), ErrorCode.InvalidCommand, 'kind 4');
  assertIggyError(() => decodeSendMessagesRequest(sendWith('00 00')), ErrorCode.InvalidCommand, 'kind 0');
});

test('§7.4 every polling kind decodes to its name; 0 and 6 are refused', () => {
  const poll = (kind: string) => hex('01 | 01 04 01 00 00 00', '01 04 01 00 00 00', '01 04 02 00 00 00', '00 | 00 00 00 00', kind, '2A 00 00 00 00 00 00 00', '0A 00 00 00', '00');
  const names = ['01', '02', '03', '04', '05'].map((kind) => decodePollMessagesRequest(poll(kind)).strategy);
  assert.deepEqual(names, [
    { kind: 'offset', value: 42n },
    { kind: 'timestamp', value: 42n },
    { kind: 'first', value: 42n },
    { kind: 'last', value: 42n },
    { kind: 'next', value: 42n },
  ]);
  assertIggyError(() => decodePollMessagesRequest(poll('00')), ErrorCode.InvalidCommand, 'kind 0');
  assertIggyError(() => decodePollMessagesRequest(poll('06')), ErrorCode.InvalidCommand, 'kind 6');
});
