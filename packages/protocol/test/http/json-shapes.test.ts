// The HTTP API's JSON shapes (http-api.md §5): our serializers must produce the hand-written
// fixtures byte for byte, and our parsers must read them back to the same records, including
// u64/u128 values beyond 2^53 that JSON.parse would round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CompressionAlgorithm,
  HeaderKind,
  Transport,
  UserStatus,
  buildMessagesBatch,
  clientDetailsToJson,
  clusterMetadataFromJson,
  clusterMetadataToJson,
  consumerGroupDetailsFromJson,
  consumerGroupDetailsToJson,
  consumerOffsetFromJson,
  consumerOffsetToJson,
  encodeUserHeaders,
  HeaderValues,
  identityFromJson,
  identityToJson,
  IggyError,
  parseJson,
  personalAccessTokenFromJson,
  personalAccessTokenToJson,
  polledMessagesFromJson,
  polledMessagesToJson,
  readSendMessagesBatch,
  renderPolledMessagesJson,
  sendMessagesBodyFromJson,
  statsFromJson,
  statsToJson,
  streamDetailsFromJson,
  streamDetailsToJson,
  stringifyJson,
  topicDetailsFromJson,
  topicDetailsToJson,
  userDetailsFromJson,
  userDetailsToJson,
  validateSendMessagesBatch,
  writeMessageHeader,
  type JsonValue,
  type StreamDetails,
  type UserDetails,
} from '../../src/index.js';
import * as fixtures from '../fixtures/http-json.js';

const U64_MAX = 18446744073709551615n;

const stream: StreamDetails = {
  id: 1,
  createdAt: 1700000000000000n,
  name: 'orders',
  sizeBytes: 3211776n,
  messagesCount: U64_MAX,
  topicsCount: 1,
  topics: [
    {
      id: 0,
      createdAt: 1700000000000001n,
      name: 'events',
      sizeBytes: 437500n,
      messageExpiry: U64_MAX,
      compressionAlgorithm: CompressionAlgorithm.Gzip,
      maxTopicSize: U64_MAX,
      replicationFactor: 1,
      messagesCount: 9007199254740993n,
      partitionsCount: 2,
    },
  ],
};

test('stream details: byte-exact and read back, u64::MAX kept', () => {
  assert.equal(stringifyJson(streamDetailsToJson(stream)), fixtures.STREAM_DETAILS);
  assert.deepEqual(streamDetailsFromJson(parseJson(fixtures.STREAM_DETAILS)), stream);
});

test('topic details with partitions', () => {
  const topic = {
    id: 0,
    createdAt: 1700000000000001n,
    name: 'events',
    sizeBytes: 10240n,
    messageExpiry: 0n,
    compressionAlgorithm: CompressionAlgorithm.None,
    maxTopicSize: 0n,
    replicationFactor: 3,
    messagesCount: 5n,
    partitionsCount: 1,
    partitions: [{ id: 0, createdAt: 1700000000000002n, segmentsCount: 1, currentOffset: 4n, sizeBytes: 1000n, messagesCount: 5n }],
  };
  assert.equal(stringifyJson(topicDetailsToJson(topic)), fixtures.TOPIC_DETAILS);
  assert.deepEqual(topicDetailsFromJson(parseJson(fixtures.TOPIC_DETAILS)), topic);
});

test('consumer group details and consumer offset', () => {
  const group = { id: 2, name: 'workers', partitionsCount: 3, membersCount: 2, members: [{ id: 7, partitions: [0, 2] }, { id: 9, partitions: [1] }] };
  assert.equal(stringifyJson(consumerGroupDetailsToJson(group)), fixtures.CONSUMER_GROUP_DETAILS);
  assert.deepEqual(consumerGroupDetailsFromJson(parseJson(fixtures.CONSUMER_GROUP_DETAILS)), group);
  const offset = { partitionId: 1, currentOffset: U64_MAX, storedOffset: U64_MAX - 1n };
  assert.equal(stringifyJson(consumerOffsetToJson(offset)), fixtures.CONSUMER_OFFSET);
  assert.deepEqual(consumerOffsetFromJson(parseJson(fixtures.CONSUMER_OFFSET)), offset);
});

test('user details with permissions (stream and topic keys as strings), and without', () => {
  const user: UserDetails = {
    id: 3,
    createdAt: 1700000000000000n,
    status: UserStatus.Inactive,
    username: 'alice',
    permissions: {
      global: { manageServers: false, readServers: true, manageUsers: false, readUsers: true, manageStreams: false, readStreams: true, manageTopics: false, readTopics: true, pollMessages: false, sendMessages: true },
      streams: new Map([
        [10, { manageStream: false, readStream: false, manageTopics: false, readTopics: false, pollMessages: false, sendMessages: false, topics: new Map() }],
        [1, { manageStream: true, readStream: true, manageTopics: false, readTopics: true, pollMessages: true, sendMessages: false, topics: new Map([[2, { manageTopic: false, readTopic: true, pollMessages: true, sendMessages: false }]]) }],
      ]),
    },
  };
  assert.equal(stringifyJson(userDetailsToJson(user)), fixtures.USER_DETAILS);
  const back = userDetailsFromJson(parseJson(fixtures.USER_DETAILS));
  assert.deepEqual(back.permissions!.global, user.permissions!.global);
  assert.deepEqual(back.permissions!.streams.get(1), user.permissions!.streams.get(1));
  assert.equal(back.permissions!.streams.get(10)!.topics.size, 0);
  const root: UserDetails = { id: 0, createdAt: 1n, status: UserStatus.Active, username: 'iggy', permissions: null };
  assert.equal(stringifyJson(userDetailsToJson(root)), fixtures.USER_WITHOUT_PERMISSIONS);
  assert.deepEqual(userDetailsFromJson(parseJson(fixtures.USER_WITHOUT_PERMISSIONS)), root);
});

test('identity info and personal access tokens (never-expiring = null)', () => {
  const identity = { userId: 0, accessToken: { token: 'a.b.c', expiry: 1700003600n } };
  assert.equal(stringifyJson(identityToJson(identity)), fixtures.IDENTITY);
  assert.deepEqual(identityFromJson(parseJson(fixtures.IDENTITY)), identity);
  const tokens = [{ name: 'ci-token', expiryAt: 0n }, { name: 'short', expiryAt: 1700000000000000n }];
  assert.equal(stringifyJson(tokens.map(personalAccessTokenToJson)), fixtures.PERSONAL_ACCESS_TOKENS);
  assert.deepEqual((parseJson(fixtures.PERSONAL_ACCESS_TOKENS) as JsonValue[]).map(personalAccessTokenFromJson), tokens);
});

test('client details and cluster metadata', () => {
  const client = { clientId: 5, userId: null, address: '127.0.0.1:50000', transport: Transport.Tcp, consumerGroupsCount: 1, consumerGroups: [{ streamId: 1, topicId: 2, groupId: 3 }] };
  assert.equal(stringifyJson(clientDetailsToJson(client)), fixtures.CLIENT_DETAILS);
  const cluster = { name: 'single-node', nodes: [{ name: 'iggy-node', ip: '127.0.0.1', tcpPort: 8090, quicPort: 8080, httpPort: 3000, websocketPort: 8092, role: 0 as const, status: 0 as const }] };
  assert.equal(stringifyJson(clusterMetadataToJson(cluster)), fixtures.CLUSTER_METADATA);
  assert.deepEqual(clusterMetadataFromJson(parseJson(fixtures.CLUSTER_METADATA)), cluster);
});

test('stats: f32 as serde writes it, ByteSize strings, cache metrics keys', () => {
  const stats = {
    processId: 42,
    cpuUsage: Math.fround(74.44227),
    totalCpuUsage: 1,
    memoryUsage: 1048576n,
    totalMemory: 24n * 1024n ** 3n,
    availableMemory: 1_500_000_000n,
    runTime: 5_000_000n,
    startTime: 1700000000000000n,
    readBytes: 0n,
    writtenBytes: 1000n,
    messagesSizeBytes: 999n,
    streamsCount: 1,
    topicsCount: 2,
    partitionsCount: 3,
    segmentsCount: 4,
    messagesCount: 5n,
    clientsCount: 6,
    consumerGroupsCount: 7,
    hostname: 'host',
    osName: 'Linux',
    osVersion: '6.1',
    kernelVersion: '6.1.0',
    iggyServerVersion: '0.7.0',
    iggyServerSemver: 7000,
    cacheMetrics: [{ streamId: 1, topicId: 2, partitionId: 0, hits: 10n, misses: 2n, hitRatio: Math.fround(10 / 12) }],
  };
  assert.equal(stringifyJson(statsToJson(stats)), fixtures.STATS);
  const back = statsFromJson(parseJson(fixtures.STATS));
  assert.equal(Math.fround(back.cpuUsage), stats.cpuUsage);
  assert.equal(back.writtenBytes, 1000n);
  assert.equal(back.availableMemory, 1_500_000_000n);
  assert.deepEqual(back.cacheMetrics[0]!.hits, 10n);
});

test('polled messages: u128 id, base64 payload, typed headers', () => {
  const headers = encodeUserHeaders({ k: HeaderValues.string('v') });
  const record = Buffer.alloc(64 + 5 + headers.length);
  writeMessageHeader(record, 0, {
    checksum: U64_MAX,
    id: (1n << 128n) - 1n,
    offset: 7n,
    timestamp: 1700000000000000n,
    originTimestamp: 1699999999999999n,
    userHeadersLength: headers.length,
    payloadLength: 5,
  });
  record.write('hello', 64);
  headers.copy(record, 69);
  assert.equal(stringifyJson(polledMessagesToJson(0, 7n, [record])), fixtures.POLLED_MESSAGES);
  assert.equal(renderPolledMessagesJson(0, 7n, [record]), fixtures.POLLED_MESSAGES, 'the direct renderer writes the same text');
  assert.equal(renderPolledMessagesJson(3, 0n, []), '{"partition_id":3,"current_offset":0,"count":0,"messages":[]}');
  const back = polledMessagesFromJson(parseJson(fixtures.POLLED_MESSAGES));
  assert.equal(back.messages[0]!.id, (1n << 128n) - 1n);
  assert.equal(back.messages[0]!.payload.toString(), 'hello');
  assert.equal(back.messages[0]!.headers!.k!.value.toString(), 'v');
});

test('send body: ids as number and u128 string, headers, partitioning; builds a valid batch', () => {
  const body = sendMessagesBodyFromJson(parseJson(fixtures.SEND_MESSAGES_BODY));
  assert.deepEqual(body.partitioning, { kind: 'partition_id', partitionId: 1 });
  assert.equal(body.messages[0]!.id, 1n);
  assert.equal(body.messages[1]!.id, (1n << 128n) - 1n);
  const batch = buildMessagesBatch(1, 'events', body.partitioning, body.messages);
  validateSendMessagesBatch(batch);
  const views = readSendMessagesBatch(batch);
  assert.equal(views[1]!.payload.toString(), 'world');
  assert.equal(views[1]!.userHeaders[0 + 5 + 1], HeaderKind.Uint32);
});

test('send body errors carry Iggy codes', () => {
  const code = (text: string): number => {
    try {
      sendMessagesBodyFromJson(parseJson(text));
    } catch (error) {
      assert.ok(IggyError.is(error));
      return error.code;
    }
    return -1;
  };
  assert.equal(code('{"partitioning":{"kind":"balanced","value":""},"messages":[]}'), 4009);
  assert.equal(code('{"partitioning":{"kind":"balanced","value":""},"messages":[{"payload":""}]}'), 4024);
  assert.equal(code('{"partitioning":{"kind":"messages_key","value":""},"messages":[{"payload":"YQ=="}]}'), 4028);
  for (const bad of ['***', 'YQ=', 'Y Q==', 'YQ==YQ==', 'a-8=', 'a_8=', 'YWJj\\nZA==']) {
    assert.equal(code(`{"partitioning":{"kind":"balanced","value":""},"messages":[{"payload":"${bad}"}]}`), 4, bad);
  }
  assert.equal(code('{"partitioning":{"kind":"balanced","value":""},"messages":[{"id":-1,"payload":"YQ=="}]}'), 4);
  assert.equal(code('{"partitioning":{"kind":"balanced","value":""},"messages":[{"payload":"YQ==","user_headers":[{"key":{"kind":"uint8","value":"AAA="},"value":{"kind":"raw","value":"YQ=="}}]}]}'), 4018);
  assert.equal(
    sendMessagesBodyFromJson(parseJson('{"partitioning":{"kind":"balanced","value":""},"messages":[{"id":"af362865-042c-4000-0000-000000000000","payload":"YQ=="}]}')).messages[0]!.id,
    0xaf362865042c40000000000000000000n,
  );
});
