// Checks encoders and decoders against byte fixtures written by hand from the wire reference.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BufferReader,
  CommandCode,
  HeaderValues,
  RequestFrameReader,
  UserStatus,
  decodeCreateTopicRequest,
  decodeGetUserResponse,
  decodePermissions,
  decodePollMessagesResponse,
  decodeSendMessagesRequest,
  encodeCreateTopicRequest,
  encodeGetStreamRequest,
  encodeGetUserResponse,
  encodePermissions,
  encodePingRequest,
  encodePollMessagesResponse,
  encodeRequestFrame,
  encodeSendMessagesRequest,
  encodeStreamRecord,
  readSendMessagesBatch,
  readStreamRecord,
  validateSendMessagesBatch,
  type Permissions,
} from '../src/index.js';
import * as golden from './fixtures/golden-bytes.js';

test('Ping frame', () => {
  assert.deepEqual(encodeRequestFrame(CommandCode.Ping, encodePingRequest()), golden.PING_FRAME);
  const [frame] = new RequestFrameReader(1024).push(golden.PING_FRAME);
  assert.deepEqual(frame, { code: 1, payload: Buffer.alloc(0) });
});

test('GetStream numeric 0 frame', () => {
  assert.deepEqual(encodeRequestFrame(CommandCode.GetStream, encodeGetStreamRequest({ streamId: 0 })), golden.GET_STREAM_0_FRAME);
});

test('CreateTopic payload', () => {
  const request = {
    streamId: 1,
    partitionsCount: 3,
    compressionAlgorithm: 1 as const,
    messageExpiry: 0n,
    maxTopicSize: 0xffff_ffff_ffff_ffffn,
    replicationFactor: null,
    name: 'orders',
  };
  assert.deepEqual(encodeCreateTopicRequest(request), golden.CREATE_TOPIC_PAYLOAD);
  assert.deepEqual(decodeCreateTopicRequest(golden.CREATE_TOPIC_PAYLOAD), request);
});

test('SendMessages payload of two messages with headers', () => {
  const encoded = encodeSendMessagesRequest({
    streamId: 1,
    topicId: 't1',
    partitioning: { kind: 'partition_id', partitionId: 2 },
    messages: [
      { id: 1n, originTimestamp: 1000n, payload: Buffer.from('hi'), headers: { k: HeaderValues.string('v') } },
      { originTimestamp: 2000n, payload: Buffer.from('abc') },
    ],
  });
  assert.deepEqual(encoded, golden.SEND_MESSAGES_PAYLOAD);
  const batch = decodeSendMessagesRequest(golden.SEND_MESSAGES_PAYLOAD);
  assert.equal(batch.streamId, 1);
  assert.equal(batch.topicId, 't1');
  assert.deepEqual(batch.partitioning, { kind: 'partition_id', partitionId: 2 });
  assert.equal(batch.messagesCount, 2);
  assert.equal(batch.indexes.length, 32);
  assert.equal(batch.messages.length, 145);
  // Zero copy: the sections share memory with the payload.
  assert.equal(batch.messages.buffer, golden.SEND_MESSAGES_PAYLOAD.buffer);
  assert.equal(batch.messages.byteOffset, golden.SEND_MESSAGES_PAYLOAD.byteOffset + 4 + 20 + 32);
  validateSendMessagesBatch(batch);
  const views = readSendMessagesBatch(batch);
  assert.deepEqual(
    views.map((v) => [v.id, v.originTimestamp, v.payload.toString(), v.userHeaders.length, v.record.length]),
    [
      [1n, 1000n, 'hi', 12, 78],
      [0n, 2000n, 'abc', 0, 67],
    ],
  );
});

test('poll response', () => {
  const response = decodePollMessagesResponse(golden.POLL_RESPONSE_PAYLOAD);
  assert.equal(response.partitionId, 2);
  assert.equal(response.currentOffset, 5n);
  assert.equal(response.count, 1);
  const [message] = response.messages;
  assert.ok(message);
  assert.equal(message.checksum, 0x1122334455667788n);
  assert.equal(message.id, 7n);
  assert.equal(message.offset, 5n);
  assert.equal(message.timestamp, 1_700_000_000_000_000n);
  assert.equal(message.originTimestamp, 0n);
  assert.equal(message.headers, null);
  assert.equal(message.payload.toString(), 'xyz');
  assert.equal(message.payload.buffer, golden.POLL_RESPONSE_PAYLOAD.buffer);
  assert.deepEqual(encodePollMessagesResponse(response), golden.POLL_RESPONSE_PAYLOAD);
});

test('stream record', () => {
  const record = { id: 1, createdAt: 1000n, topicsCount: 2, sizeBytes: 300n, messagesCount: 4n, name: 's' };
  assert.deepEqual(encodeStreamRecord(record), golden.STREAM_RECORD);
  assert.deepEqual(readStreamRecord(new BufferReader(golden.STREAM_RECORD)), record);
});

const expectedPermissions: Permissions = {
  global: {
    manageServers: true,
    readServers: true,
    manageUsers: false,
    readUsers: false,
    manageStreams: false,
    readStreams: false,
    manageTopics: false,
    readTopics: false,
    pollMessages: false,
    sendMessages: false,
  },
  streams: new Map([
    [
      5,
      {
        manageStream: false,
        readStream: true,
        manageTopics: false,
        readTopics: false,
        pollMessages: false,
        sendMessages: false,
        topics: new Map([[7, { manageTopic: false, readTopic: false, pollMessages: true, sendMessages: true }]]),
      },
    ],
  ]),
};

test('user details without permissions: record then four zero bytes', () => {
  const user = { id: 0, createdAt: 1n, status: UserStatus.Active, username: 'iggy', permissions: null };
  assert.deepEqual(encodeGetUserResponse(user), golden.USER_DETAILS_NO_PERMISSIONS);
  assert.deepEqual(decodeGetUserResponse(golden.USER_DETAILS_NO_PERMISSIONS), user);
  // SDKs read only the flag byte; a one-byte 0 must decode the same.
  assert.deepEqual(decodeGetUserResponse(golden.USER_DETAILS_NO_PERMISSIONS.subarray(0, -3)), user);
});

test('user details with permissions', () => {
  const user = { id: 0, createdAt: 1n, status: UserStatus.Active, username: 'iggy', permissions: expectedPermissions };
  assert.deepEqual(encodeGetUserResponse(user), golden.USER_DETAILS_WITH_PERMISSIONS);
  assert.deepEqual(decodeGetUserResponse(golden.USER_DETAILS_WITH_PERMISSIONS), user);
});

test('permissions blob with and without continuation bytes', () => {
  assert.deepEqual(encodePermissions(expectedPermissions), golden.PERMISSIONS_BLOB);
  assert.deepEqual(decodePermissions(golden.PERMISSIONS_BLOB), expectedPermissions);
  assert.deepEqual(decodePermissions(golden.PERMISSIONS_BLOB_NO_CONTINUATION), expectedPermissions);
  // Without has_topics' topic continuation only (one byte shorter) it is the same too.
  assert.deepEqual(decodePermissions(golden.PERMISSIONS_BLOB.subarray(0, -1)), expectedPermissions);
  const two = decodePermissions(golden.PERMISSIONS_BLOB_TWO_STREAMS);
  assert.deepEqual([...two.streams.keys()], [1, 2]);
  assert.equal(two.streams.get(1)?.manageStream, true);
  assert.equal(two.streams.get(2)?.sendMessages, true);
  assert.deepEqual(encodePermissions(two), golden.PERMISSIONS_BLOB_TWO_STREAMS);
});
