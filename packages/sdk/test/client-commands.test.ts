// Checks that every IggyClient command method sends its command code with exactly the protocol encoder's bytes and decodes the encoder's response, using a fake server that answers per code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as protocol from '@iggy-node/protocol';
import { CommandCode, CompressionAlgorithm, UserStatus, Transport, HeaderValues, type SendMessage } from '@iggy-node/protocol';
import { IggyClient } from '../src/iggy-client.js';
import { Consumer, Partitioning, PollingStrategy } from '../src/helpers.js';
import { startFakeServer } from './helpers/fake-server.js';

interface CommandCase {
  name: string;
  code: number;
  call(client: IggyClient): Promise<unknown>;
  request: Buffer;
  /** Response payload the fake sends; empty when absent. */
  response?: Buffer;
  /** What the method must resolve to; undefined for void methods. */
  expected?: unknown;
}

const stream = { id: 1, createdAt: 5n, topicsCount: 0, sizeBytes: 0n, messagesCount: 0n, name: 'orders' };
const topic = {
  id: 2,
  createdAt: 6n,
  partitionsCount: 0,
  messageExpiry: protocol.U64_MAX,
  compressionAlgorithm: CompressionAlgorithm.None,
  maxTopicSize: protocol.U64_MAX,
  replicationFactor: 1,
  sizeBytes: 0n,
  messagesCount: 0n,
  name: 'events',
  partitions: [],
};
const group = { id: 0, partitionsCount: 3, membersCount: 0, name: 'workers' };
const user = { id: 1, createdAt: 7n, status: UserStatus.Active, username: 'alice', permissions: null };
const me = { clientId: 9, userId: 0, transport: Transport.Tcp, address: '127.0.0.1:5000', consumerGroupsCount: 0, consumerGroups: [] };
const cluster = {
  name: 'single-node',
  nodes: [{ name: 'iggy-node', ip: '127.0.0.1', tcpPort: 8090, quicPort: 8080, httpPort: 3000, websocketPort: 8092, role: 0 as const, status: 0 as const }],
};
const messages: SendMessage[] = [
  { payload: Buffer.from('first'), originTimestamp: 1n, headers: { key: HeaderValues.string('value') } },
  { id: 42n, payload: Buffer.from('second'), originTimestamp: 2n },
];
const polled = { partitionId: 0, currentOffset: 0n, count: 0, messages: [] };
const offsetTarget = { consumer: Consumer.single(1), streamId: 1, topicId: 'events', partitionId: 0 };

const cases: CommandCase[] = [
  { name: 'ping', code: CommandCode.Ping, call: (c) => c.ping(), request: protocol.encodePingRequest({}) },
  { name: 'getMe', code: CommandCode.GetMe, call: (c) => c.getMe(), request: Buffer.alloc(0), response: protocol.encodeGetMeResponse(me), expected: me },
  { name: 'getClient', code: CommandCode.GetClient, call: (c) => c.getClient(9), request: protocol.encodeGetClientRequest({ clientId: 9 }), expected: null },
  { name: 'getClients', code: CommandCode.GetClients, call: (c) => c.getClients(), request: Buffer.alloc(0), expected: [] },
  {
    name: 'getClusterMetadata',
    code: CommandCode.GetClusterMetadata,
    call: (c) => c.getClusterMetadata(),
    request: Buffer.alloc(0),
    response: protocol.encodeGetClusterMetadataResponse(cluster),
    expected: cluster,
  },
  { name: 'getUser', code: CommandCode.GetUser, call: (c) => c.getUser('alice'), request: protocol.encodeGetUserRequest({ userId: 'alice' }), expected: null },
  { name: 'getUsers', code: CommandCode.GetUsers, call: (c) => c.getUsers(), request: Buffer.alloc(0), expected: [] },
  {
    name: 'createUser',
    code: CommandCode.CreateUser,
    call: (c) => c.createUser({ username: 'alice', password: 'secret' }),
    request: protocol.encodeCreateUserRequest({ username: 'alice', password: 'secret', status: UserStatus.Active, permissions: null }),
    response: protocol.encodeCreateUserResponse(user),
    expected: user,
  },
  { name: 'deleteUser', code: CommandCode.DeleteUser, call: (c) => c.deleteUser(1), request: protocol.encodeDeleteUserRequest({ userId: 1 }) },
  {
    name: 'updateUser',
    code: CommandCode.UpdateUser,
    call: (c) => c.updateUser({ userId: 1, status: UserStatus.Inactive }),
    request: protocol.encodeUpdateUserRequest({ userId: 1, username: null, status: UserStatus.Inactive }),
  },
  {
    name: 'updatePermissions',
    code: CommandCode.UpdatePermissions,
    call: (c) => c.updatePermissions(1, null),
    request: protocol.encodeUpdatePermissionsRequest({ userId: 1, permissions: null }),
  },
  {
    name: 'changePassword',
    code: CommandCode.ChangePassword,
    call: (c) => c.changePassword(1, 'old-secret', 'new-secret'),
    request: protocol.encodeChangePasswordRequest({ userId: 1, currentPassword: 'old-secret', newPassword: 'new-secret' }),
  },
  {
    name: 'login',
    code: CommandCode.LoginUser,
    call: (c) => c.login('alice', 'secret'),
    request: protocol.encodeLoginUserRequest({ username: 'alice', password: 'secret', version: '0.7.0', context: '' }),
    response: protocol.encodeLoginUserResponse({ userId: 1 }),
    expected: 1,
  },
  { name: 'getPersonalAccessTokens', code: CommandCode.GetPersonalAccessTokens, call: (c) => c.getPersonalAccessTokens(), request: Buffer.alloc(0), expected: [] },
  {
    name: 'createPersonalAccessToken',
    code: CommandCode.CreatePersonalAccessToken,
    call: (c) => c.createPersonalAccessToken('ci-token', 60_000_000n),
    request: protocol.encodeCreatePersonalAccessTokenRequest({ name: 'ci-token', expiry: 60_000_000n }),
    response: protocol.encodeCreatePersonalAccessTokenResponse({ token: 'raw-token' }),
    expected: 'raw-token',
  },
  {
    name: 'deletePersonalAccessToken',
    code: CommandCode.DeletePersonalAccessToken,
    call: (c) => c.deletePersonalAccessToken('ci-token'),
    request: protocol.encodeDeletePersonalAccessTokenRequest({ name: 'ci-token' }),
  },
  {
    name: 'loginWithPersonalAccessToken',
    code: CommandCode.LoginWithPersonalAccessToken,
    call: (c) => c.loginWithPersonalAccessToken('raw-token'),
    request: protocol.encodeLoginWithPersonalAccessTokenRequest({ token: 'raw-token' }),
    response: protocol.encodeLoginWithPersonalAccessTokenResponse({ userId: 1 }),
    expected: 1,
  },
  {
    name: 'sendMessages',
    code: CommandCode.SendMessages,
    call: (c) => c.sendMessages({ streamId: 1, topicId: 'events', partitioning: Partitioning.messagesKey('user-1'), messages }),
    request: protocol.encodeSendMessagesRequest({ streamId: 1, topicId: 'events', partitioning: { kind: 'messages_key', key: Buffer.from('user-1') }, messages }),
  },
  {
    name: 'pollMessages',
    code: CommandCode.PollMessages,
    call: (c) => c.pollMessages({ consumer: Consumer.group('workers'), streamId: 1, topicId: 2, strategy: PollingStrategy.offset(10), count: 100, autoCommit: true }),
    request: protocol.encodePollMessagesRequest({
      consumer: { kind: 'consumer_group', id: 'workers' },
      streamId: 1,
      topicId: 2,
      partitionId: null,
      strategy: { kind: 'offset', value: 10n },
      count: 100,
      autoCommit: true,
    }),
    response: protocol.encodePollMessagesResponse(polled),
    expected: polled,
  },
  {
    name: 'flushUnsavedBuffer',
    code: CommandCode.FlushUnsavedBuffer,
    call: (c) => c.flushUnsavedBuffer(1, 2, 0, true),
    request: protocol.encodeFlushUnsavedBufferRequest({ streamId: 1, topicId: 2, partitionId: 0, fsync: true }),
  },
  {
    name: 'getConsumerOffset',
    code: CommandCode.GetConsumerOffset,
    call: (c) => c.getConsumerOffset(offsetTarget),
    request: protocol.encodeGetConsumerOffsetRequest(offsetTarget),
    expected: null,
  },
  {
    name: 'storeConsumerOffset',
    code: CommandCode.StoreConsumerOffset,
    call: (c) => c.storeConsumerOffset({ ...offsetTarget, offset: 17n }),
    request: protocol.encodeStoreConsumerOffsetRequest({ ...offsetTarget, offset: 17n }),
  },
  {
    name: 'deleteConsumerOffset',
    code: CommandCode.DeleteConsumerOffset,
    call: (c) => c.deleteConsumerOffset(offsetTarget),
    request: protocol.encodeDeleteConsumerOffsetRequest(offsetTarget),
  },
  { name: 'getStream', code: CommandCode.GetStream, call: (c) => c.getStream('orders'), request: protocol.encodeGetStreamRequest({ streamId: 'orders' }), expected: null },
  { name: 'getStreams', code: CommandCode.GetStreams, call: (c) => c.getStreams(), request: Buffer.alloc(0), expected: [] },
  {
    name: 'createStream',
    code: CommandCode.CreateStream,
    call: (c) => c.createStream('orders'),
    request: protocol.encodeCreateStreamRequest({ name: 'orders' }),
    response: protocol.encodeCreateStreamResponse(stream),
    expected: stream,
  },
  { name: 'deleteStream', code: CommandCode.DeleteStream, call: (c) => c.deleteStream(1), request: protocol.encodeDeleteStreamRequest({ streamId: 1 }) },
  { name: 'updateStream', code: CommandCode.UpdateStream, call: (c) => c.updateStream(1, 'renamed'), request: protocol.encodeUpdateStreamRequest({ streamId: 1, name: 'renamed' }) },
  { name: 'purgeStream', code: CommandCode.PurgeStream, call: (c) => c.purgeStream(1), request: protocol.encodePurgeStreamRequest({ streamId: 1 }) },
  { name: 'getTopic', code: CommandCode.GetTopic, call: (c) => c.getTopic(1, 2), request: protocol.encodeGetTopicRequest({ streamId: 1, topicId: 2 }), expected: null },
  { name: 'getTopics', code: CommandCode.GetTopics, call: (c) => c.getTopics(1), request: protocol.encodeGetTopicsRequest({ streamId: 1 }), expected: [] },
  {
    name: 'createTopic',
    code: CommandCode.CreateTopic,
    call: (c) => c.createTopic({ streamId: 1, name: 'events', partitionsCount: 3 }),
    request: protocol.encodeCreateTopicRequest({
      streamId: 1,
      partitionsCount: 3,
      compressionAlgorithm: CompressionAlgorithm.None,
      messageExpiry: 0n,
      maxTopicSize: 0n,
      replicationFactor: null,
      name: 'events',
    }),
    response: protocol.encodeCreateTopicResponse(topic),
    expected: topic,
  },
  { name: 'deleteTopic', code: CommandCode.DeleteTopic, call: (c) => c.deleteTopic(1, 2), request: protocol.encodeDeleteTopicRequest({ streamId: 1, topicId: 2 }) },
  {
    name: 'updateTopic',
    code: CommandCode.UpdateTopic,
    call: (c) => c.updateTopic({ streamId: 1, topicId: 2, name: 'events2', compression: CompressionAlgorithm.Gzip, messageExpiryMicros: 1000n }),
    request: protocol.encodeUpdateTopicRequest({
      streamId: 1,
      topicId: 2,
      compressionAlgorithm: CompressionAlgorithm.Gzip,
      messageExpiry: 1000n,
      maxTopicSize: 0n,
      replicationFactor: null,
      name: 'events2',
    }),
  },
  { name: 'purgeTopic', code: CommandCode.PurgeTopic, call: (c) => c.purgeTopic(1, 2), request: protocol.encodePurgeTopicRequest({ streamId: 1, topicId: 2 }) },
  {
    name: 'createPartitions',
    code: CommandCode.CreatePartitions,
    call: (c) => c.createPartitions(1, 2, 4),
    request: protocol.encodeCreatePartitionsRequest({ streamId: 1, topicId: 2, partitionsCount: 4 }),
  },
  {
    name: 'deletePartitions',
    code: CommandCode.DeletePartitions,
    call: (c) => c.deletePartitions(1, 2, 1),
    request: protocol.encodeDeletePartitionsRequest({ streamId: 1, topicId: 2, partitionsCount: 1 }),
  },
  {
    name: 'deleteSegments',
    code: CommandCode.DeleteSegments,
    call: (c) => c.deleteSegments(1, 2, 0, 5),
    request: protocol.encodeDeleteSegmentsRequest({ streamId: 1, topicId: 2, partitionId: 0, segmentsCount: 5 }),
  },
  {
    name: 'getConsumerGroup',
    code: CommandCode.GetConsumerGroup,
    call: (c) => c.getConsumerGroup(1, 2, 'workers'),
    request: protocol.encodeGetConsumerGroupRequest({ streamId: 1, topicId: 2, groupId: 'workers' }),
    expected: null,
  },
  {
    name: 'getConsumerGroups',
    code: CommandCode.GetConsumerGroups,
    call: (c) => c.getConsumerGroups(1, 2),
    request: protocol.encodeGetConsumerGroupsRequest({ streamId: 1, topicId: 2 }),
    expected: [],
  },
  {
    name: 'createConsumerGroup',
    code: CommandCode.CreateConsumerGroup,
    call: (c) => c.createConsumerGroup(1, 2, 'workers'),
    request: protocol.encodeCreateConsumerGroupRequest({ streamId: 1, topicId: 2, name: 'workers' }),
    response: protocol.encodeCreateConsumerGroupResponse(group),
    expected: group,
  },
  {
    name: 'deleteConsumerGroup',
    code: CommandCode.DeleteConsumerGroup,
    call: (c) => c.deleteConsumerGroup(1, 2, 0),
    request: protocol.encodeDeleteConsumerGroupRequest({ streamId: 1, topicId: 2, groupId: 0 }),
  },
  {
    name: 'joinConsumerGroup',
    code: CommandCode.JoinConsumerGroup,
    call: (c) => c.joinConsumerGroup(1, 2, 0),
    request: protocol.encodeJoinConsumerGroupRequest({ streamId: 1, topicId: 2, groupId: 0 }),
  },
  {
    name: 'leaveConsumerGroup',
    code: CommandCode.LeaveConsumerGroup,
    call: (c) => c.leaveConsumerGroup(1, 2, 0),
    request: protocol.encodeLeaveConsumerGroupRequest({ streamId: 1, topicId: 2, groupId: 0 }),
  },
  {
    name: 'getSnapshot',
    code: CommandCode.GetSnapshot,
    call: (c) => c.getSnapshot(),
    request: protocol.encodeGetSnapshotRequest({ compression: protocol.SnapshotCompression.Deflated, types: [protocol.SnapshotType.All] }),
    response: Buffer.from('PK\x05\x06'),
    expected: Buffer.from('PK\x05\x06'),
  },
];

test('every command method: code, request bytes and decoded response match the protocol codecs', async (t) => {
  let responses = new Map<number, Buffer>();
  const server = await startFakeServer((frame) => ({ payload: responses.get(frame.code) ?? Buffer.alloc(0) }));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, heartbeatIntervalMs: 0 });
  t.after(() => client.close());
  await client.connect();

  for (const command of cases) {
    responses = new Map(command.response ? [[command.code, command.response]] : []);
    const before = server.received.length;
    const result = await command.call(client);
    const frame = server.received[before];
    assert.ok(frame, `${command.name}: nothing sent`);
    assert.equal(frame.code, command.code, `${command.name}: code`);
    assert.deepEqual(frame.payload, command.request, `${command.name}: request bytes`);
    assert.deepEqual(result, command.expected, `${command.name}: result`);
  }
});

test('getStats decodes the stats record', async (t) => {
  const stats: protocol.Stats = {
    processId: 1, cpuUsage: 0.5, totalCpuUsage: 1, memoryUsage: 2n, totalMemory: 3n, availableMemory: 4n, runTime: 5n,
    startTime: 6n, readBytes: 7n, writtenBytes: 8n, messagesSizeBytes: 9n, streamsCount: 1, topicsCount: 2, partitionsCount: 3,
    segmentsCount: 4, messagesCount: 5n, clientsCount: 6, consumerGroupsCount: 7, hostname: 'h', osName: 'linux',
    osVersion: '6', kernelVersion: '6.1', iggyServerVersion: '0.7.0', iggyServerSemver: 7000, cacheMetrics: [],
  };
  const server = await startFakeServer(() => ({ payload: protocol.encodeGetStatsResponse(stats) }));
  t.after(() => server.close());
  const client = new IggyClient({ port: server.port, heartbeatIntervalMs: 0 });
  t.after(() => client.close());
  await client.connect();
  assert.deepEqual(await client.getStats(), stats);
  assert.equal(server.received[0]!.code, CommandCode.GetStats);
});

test('helper constructors build the protocol unions', () => {
  assert.deepEqual(Consumer.single(3), { kind: 'consumer', id: 3 });
  assert.deepEqual(Consumer.group('g'), { kind: 'consumer_group', id: 'g' });
  assert.deepEqual(PollingStrategy.offset(5), { kind: 'offset', value: 5n });
  assert.deepEqual(PollingStrategy.timestamp(7n), { kind: 'timestamp', value: 7n });
  assert.deepEqual(PollingStrategy.first(), { kind: 'first', value: 0n });
  assert.deepEqual(PollingStrategy.last(), { kind: 'last', value: 0n });
  assert.deepEqual(PollingStrategy.next(), { kind: 'next', value: 0n });
  assert.deepEqual(Partitioning.balanced(), { kind: 'balanced' });
  assert.deepEqual(Partitioning.partitionId(2), { kind: 'partition_id', partitionId: 2 });
  assert.deepEqual(Partitioning.messagesKey('k'), { kind: 'messages_key', key: Buffer.from('k') });
  assert.deepEqual(Partitioning.messagesKey(Buffer.from([1, 2])), { kind: 'messages_key', key: Buffer.from([1, 2]) });
});
