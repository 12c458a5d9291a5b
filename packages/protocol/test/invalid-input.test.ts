// Checks that malformed requests give the exact Iggy error codes: bad enums 3, bad identifiers
// 6, names outside their limits 1013/2014/5005/43/44/50/53, invalid UTF-8 81, §8.1 minimum
// lengths 3; and that harmless extras (trailing bytes) are accepted.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ErrorCode,
  decodeChangePasswordRequest,
  decodeCreatePartitionsRequest,
  decodeCreatePersonalAccessTokenRequest,
  decodeCreateConsumerGroupRequest,
  decodeCreateStreamRequest,
  decodeCreateTopicRequest,
  decodeCreateUserRequest,
  decodeDeletePartitionsRequest,
  decodeDeletePersonalAccessTokenRequest,
  decodeDeleteTopicRequest,
  decodeGetClientRequest,
  decodeGetSnapshotRequest,
  decodeGetStreamRequest,
  decodeLoginUserRequest,
  decodeLoginWithPersonalAccessTokenRequest,
  decodePingRequest,
  decodePollMessagesRequest,
  decodeUpdatePermissionsRequest,
  decodeUpdateUserRequest,
  decodeGetStatsRequest,
  encodeCreateStreamRequest,
  encodeCreateTopicRequest,
  encodeCreateUserRequest,
  encodeLoginUserRequest,
  encodePollMessagesRequest,
  encodeUpdateStreamRequest,
  encodeCreateConsumerGroupRequest,
  encodeCreatePersonalAccessTokenRequest,
  encodeLoginWithPersonalAccessTokenRequest,
  encodeCreatePartitionsRequest,
  encodeSendMessagesRequest,
  encodeGetStreamRequest,
  decodeSendMessagesRequest,
} from '../src/index.js';
import { CREATE_TOPIC_PAYLOAD } from './fixtures/golden-bytes.js';
import { assertIggyError, hex } from './helpers.js';

const NUM_1 = '01 04 01 00 00 00';
const str8 = (text: string) => Buffer.concat([Buffer.from([Buffer.byteLength(text)]), Buffer.from(text)]);

test('§8.1 minimum lengths and empty payloads give 3', () => {
  assertIggyError(() => decodePingRequest(hex('00')), ErrorCode.InvalidCommand);
  assertIggyError(() => decodeGetStatsRequest(hex('00 00')), ErrorCode.InvalidCommand);
  assertIggyError(() => decodeGetStreamRequest(hex('02 01')), ErrorCode.InvalidCommand);
  assertIggyError(() => decodeGetClientRequest(hex('01 00 00')), ErrorCode.InvalidCommand);
  assertIggyError(() => decodeGetClientRequest(hex('01 00 00 00 00')), ErrorCode.InvalidCommand);
  assertIggyError(() => decodeCreateTopicRequest(CREATE_TOPIC_PAYLOAD.subarray(0, 13)), ErrorCode.InvalidCommand);
  const poll = encodePollMessagesRequest({
    consumer: { kind: 'consumer', id: 1 },
    streamId: 1,
    topicId: 1,
    partitionId: 0,
    strategy: { kind: 'offset', value: 0n },
    count: 1,
    autoCommit: false,
  });
  assert.equal(poll.length, 38);
  assertIggyError(() => decodePollMessagesRequest(poll.subarray(0, 29)), ErrorCode.InvalidCommand);
});

test('bad identifiers give 6', () => {
  assertIggyError(() => decodeGetStreamRequest(hex('03 04 00 00 00 00')), ErrorCode.InvalidIdentifier, 'kind 3');
  assertIggyError(() => decodeGetStreamRequest(hex('01 00 00 00 00 00')), ErrorCode.InvalidIdentifier, 'length 0');
  assertIggyError(() => decodeGetStreamRequest(hex('01 03 00 00 00')), ErrorCode.InvalidIdentifier, 'numeric of 3 bytes');
  assertIggyError(() => decodeGetStreamRequest(hex('02 05 61 62 63')), ErrorCode.InvalidIdentifier, 'length past the end');
  assertIggyError(() => encodeGetStreamRequest({ streamId: '' }), ErrorCode.InvalidIdentifier, 'empty name');
  assertIggyError(() => encodeGetStreamRequest({ streamId: -1 }), ErrorCode.InvalidIdentifier, 'negative id');
});

test('bad enum values give 3', () => {
  const pollWith = (patch: (payload: Buffer) => void) => {
    const payload = Buffer.from(
      encodePollMessagesRequest({
        consumer: { kind: 'consumer', id: 1 },
        streamId: 1,
        topicId: 1,
        partitionId: null,
        strategy: { kind: 'first', value: 0n },
        count: 1,
        autoCommit: true,
      }),
    );
    patch(payload);
    return () => decodePollMessagesRequest(payload);
  };
  assertIggyError(pollWith((p) => (p[0] = 3)), ErrorCode.InvalidCommand, 'consumer kind');
  assertIggyError(pollWith((p) => (p[24] = 6)), ErrorCode.InvalidCommand, 'polling kind');
  assertIggyError(pollWith((p) => (p[24] = 0)), ErrorCode.InvalidCommand, 'polling kind 0');
  const topic = Buffer.from(CREATE_TOPIC_PAYLOAD);
  topic[10] = 3;
  assertIggyError(() => decodeCreateTopicRequest(topic), ErrorCode.InvalidCommand, 'compression');
  const user = Buffer.from(encodeCreateUserRequest({ username: 'abc', password: 'def', status: 1, permissions: null }));
  user[8] = 3;
  assertIggyError(() => decodeCreateUserRequest(user), ErrorCode.InvalidCommand, 'user status');
  user[8] = 1;
  user[9] = 2;
  assertIggyError(() => decodeCreateUserRequest(user), ErrorCode.InvalidCommand, 'has_permissions 2');
  assertIggyError(() => decodeUpdateUserRequest(hex(NUM_1, '02 00')), ErrorCode.InvalidCommand, 'has_username 2');
  assertIggyError(() => decodeUpdateUserRequest(hex(NUM_1, '00 01 05')), ErrorCode.InvalidCommand, 'status 5');
  assertIggyError(() => decodeUpdatePermissionsRequest(hex(NUM_1, '02')), ErrorCode.InvalidCommand, 'has_permissions 2');
  assertIggyError(() => decodeUpdatePermissionsRequest(hex(NUM_1, '01 40 00 00 00 01')), ErrorCode.InvalidCommand, 'blob past the end');
  assertIggyError(() => decodeGetSnapshotRequest(hex('07 01 01')), ErrorCode.InvalidCommand, 'snapshot compression');
  assertIggyError(() => decodeGetSnapshotRequest(hex('01 01 07')), ErrorCode.InvalidCommand, 'snapshot type');
  assertIggyError(() => decodeGetSnapshotRequest(hex('01 02 64 01')), ErrorCode.InvalidCommand, 'all mixed with others');
  assert.deepEqual(decodeGetSnapshotRequest(hex('01 01 64')), { compression: 1, types: [100] });
});

test('partitioning: wrong length or kind gives 3; empty messages key is accepted', () => {
  const send = (partitioning: string) => {
    const meta = hex(NUM_1, NUM_1, partitioning, '01 00 00 00');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(meta.length);
    return () => decodeSendMessagesRequest(Buffer.concat([length, meta, Buffer.alloc(16)]));
  };
  assertIggyError(send('01 01 00'), ErrorCode.InvalidCommand, 'balanced with length 1');
  assertIggyError(send('02 03 00 00 00'), ErrorCode.InvalidCommand, 'partition_id with length 3');
  assertIggyError(send('04 00'), ErrorCode.InvalidCommand, 'kind 4');
  assert.deepEqual(send('03 00')().partitioning, { kind: 'messages_key', key: Buffer.alloc(0) });
  assertIggyError(
    () => encodeSendMessagesRequest({ streamId: 1, topicId: 1, partitioning: { kind: 'messages_key', key: Buffer.alloc(0) }, messages: [{ payload: Buffer.from('x') }] }),
    ErrorCode.InvalidKeyValueLength,
  );
});

test('names outside their limits give the resource code', () => {
  assertIggyError(() => decodeCreateStreamRequest(hex('00 00')), ErrorCode.InvalidStreamName, 'empty stream name');
  assertIggyError(() => encodeCreateStreamRequest({ name: 'x'.repeat(256) }), ErrorCode.InvalidStreamName, 'stream name 256');
  assertIggyError(() => encodeCreateStreamRequest({ name: '' }), ErrorCode.InvalidStreamName);
  assertIggyError(() => encodeUpdateStreamRequest({ streamId: 1, name: 'é'.repeat(128) }), ErrorCode.InvalidStreamName, '256 UTF-8 bytes');
  const topic = Buffer.from(CREATE_TOPIC_PAYLOAD);
  topic[CREATE_TOPIC_PAYLOAD.length - 7] = 0;
  assertIggyError(() => decodeCreateTopicRequest(topic), ErrorCode.InvalidTopicName, 'empty topic name');
  const topicRequest = { streamId: 1, partitionsCount: 1, compressionAlgorithm: 1 as const, messageExpiry: 0n, maxTopicSize: 0n, replicationFactor: null, name: 't'.repeat(256) };
  assertIggyError(() => encodeCreateTopicRequest(topicRequest), ErrorCode.InvalidTopicName);
  assertIggyError(() => encodeCreateConsumerGroupRequest({ streamId: 1, topicId: 1, name: '' }), ErrorCode.InvalidConsumerGroupName);
  assertIggyError(() => decodeCreateConsumerGroupRequest(hex(NUM_1, NUM_1, '00')), ErrorCode.InvalidConsumerGroupName);

  const login = (username: string, password: string) => Buffer.concat([str8(username), str8(password)]);
  assertIggyError(() => decodeLoginUserRequest(login('ab', 'secret')), ErrorCode.InvalidUsername);
  assertIggyError(() => decodeLoginUserRequest(login('a'.repeat(51), 'secret')), ErrorCode.InvalidUsername);
  assertIggyError(() => decodeLoginUserRequest(login('abc', 'se')), ErrorCode.InvalidPassword);
  assertIggyError(() => decodeLoginUserRequest(login('abc', 'p'.repeat(101))), ErrorCode.InvalidPassword);
  assertIggyError(() => encodeLoginUserRequest({ username: 'ab', password: 'secret' }), ErrorCode.InvalidUsername);
  assertIggyError(() => decodeChangePasswordRequest(Buffer.concat([hex(NUM_1), str8('abc'), str8('xy')])), ErrorCode.InvalidPassword);
  assertIggyError(() => encodeCreateUserRequest({ username: 'abc', password: 'x'.repeat(101), status: 1, permissions: null }), ErrorCode.InvalidPassword);

  assertIggyError(() => decodeCreatePersonalAccessTokenRequest(Buffer.concat([str8('ab'), Buffer.alloc(10)])), ErrorCode.InvalidPersonalAccessTokenName);
  assertIggyError(() => encodeCreatePersonalAccessTokenRequest({ name: 'n'.repeat(31), expiry: 0n }), ErrorCode.InvalidPersonalAccessTokenName);
  assertIggyError(() => decodeDeletePersonalAccessTokenRequest(Buffer.concat([str8('ab'), hex('00')])), ErrorCode.InvalidPersonalAccessTokenName);
  assertIggyError(() => decodeLoginWithPersonalAccessTokenRequest(hex('00 00 00 00')), ErrorCode.InvalidPersonalAccessToken);
  assertIggyError(() => decodeLoginWithPersonalAccessTokenRequest(str8('t'.repeat(101))), ErrorCode.InvalidPersonalAccessToken);
  assertIggyError(() => encodeLoginWithPersonalAccessTokenRequest({ token: '' }), ErrorCode.InvalidPersonalAccessToken);
});

test('partitions counts outside their range give 2015', () => {
  const topic = Buffer.from(CREATE_TOPIC_PAYLOAD);
  topic.writeUInt32LE(1001, 6);
  assertIggyError(() => decodeCreateTopicRequest(topic), ErrorCode.TooManyPartitions);
  topic.writeUInt32LE(0, 6);
  assert.equal(decodeCreateTopicRequest(topic).partitionsCount, 0);
  assertIggyError(() => decodeCreatePartitionsRequest(hex(NUM_1, NUM_1, '00 00 00 00')), ErrorCode.TooManyPartitions);
  assertIggyError(() => decodeDeletePartitionsRequest(hex(NUM_1, NUM_1, 'E9 03 00 00')), ErrorCode.TooManyPartitions);
  assertIggyError(() => encodeCreatePartitionsRequest({ streamId: 1, topicId: 1, partitionsCount: 1001 }), ErrorCode.TooManyPartitions);
});

test('invalid UTF-8 in names gives 81', () => {
  assertIggyError(() => decodeCreateStreamRequest(hex('02 C3 28')), ErrorCode.InvalidUtf8);
  assertIggyError(() => decodeLoginUserRequest(hex('03 61 62 FF 03 61 62 63')), ErrorCode.InvalidUtf8);
});

test('LoginUser optional tail: absent, empty, present, and 1..3 stray bytes', () => {
  const base = Buffer.concat([str8('iggy'), str8('iggy')]);
  assert.deepEqual(decodeLoginUserRequest(base), { username: 'iggy', password: 'iggy', version: null, context: null });
  assert.deepEqual(decodeLoginUserRequest(Buffer.concat([base, hex('00 00 00 00 00 00 00 00')])).version, null);
  assert.deepEqual(decodeLoginUserRequest(Buffer.concat([base, hex('05 00 00 00'), Buffer.from('0.9.0')])).version, '0.9.0');
  for (const stray of ['00', '00 00', '00 00 00']) {
    assertIggyError(() => decodeLoginUserRequest(Buffer.concat([base, hex(stray)])), ErrorCode.InvalidCommand, `stray ${stray}`);
  }
  assertIggyError(() => decodeLoginUserRequest(Buffer.concat([base, hex('09 00 00 00 61')])), ErrorCode.InvalidCommand, 'version past end');
});

test('trailing bytes after the last field are ignored (Node SDK DeleteTopic, CreateUser)', () => {
  assert.deepEqual(decodeDeleteTopicRequest(hex(NUM_1, NUM_1, '05 00 00 00')), { streamId: 1, topicId: 1 });
  const user = encodeCreateUserRequest({ username: 'abc', password: 'def', status: 2, permissions: null });
  assert.deepEqual(decodeCreateUserRequest(Buffer.concat([user, hex('00 00 00 00 00')])), {
    username: 'abc',
    password: 'def',
    status: 2,
    permissions: null,
  });
});
