// Each record encoder and reader of src/models on its own (the server calls some of them
// directly, outside the command codecs) against the same hand-written bytes as the command table
// (wire-fixtures.ts), plus the small size and code helpers the codecs build on (§7.1-§7.5, §12.1).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BufferReader,
  allGlobalPermissions,
  consumerSize,
  encodeClientDetails,
  encodeClientRecord,
  encodeClusterMetadata,
  encodeConsumerGroupDetails,
  encodeConsumerGroupMemberRecord,
  encodeConsumerGroupRecord,
  encodeConsumerOffsetInfo,
  encodePartitionRecord,
  encodePermissions,
  encodePersonalAccessTokenRecord,
  encodeStats,
  encodeStreamDetails,
  encodeStreamRecord,
  encodeTopicDetails,
  encodeTopicRecord,
  encodeUserDetails,
  encodeUserRecord,
  formatIdentifier,
  identifierSize,
  partitioningSize,
  pollingKindCode,
  readClientRecord,
  readConsumerGroupMemberRecord,
  readPartitionRecord,
  readPersonalAccessTokenRecord,
  readTopicRecord,
  readUserRecord,
  semverNumber,
} from '../src/index.js';
import { COMMAND_SAMPLES } from './fixtures/command-samples.js';
import { RESPONSE_FIXTURES, SAMPLE_PERMISSIONS_BLOB } from './fixtures/wire-fixtures.js';

// The sample values behind the fixtures (command-samples.ts).
const samples = {
  stream: COMMAND_SAMPLES.CreateStream.response,
  streamDetails: COMMAND_SAMPLES.GetStream.response,
  topic: (COMMAND_SAMPLES.GetTopics.response as unknown[])[0],
  topicDetails: COMMAND_SAMPLES.GetTopic.response as { partitions: unknown[] },
  group: COMMAND_SAMPLES.CreateConsumerGroup.response,
  groupDetails: COMMAND_SAMPLES.GetConsumerGroup.response as { members: unknown[] },
  client: (COMMAND_SAMPLES.GetClients.response as unknown[])[0],
  clientDetails: COMMAND_SAMPLES.GetMe.response,
  user: (COMMAND_SAMPLES.GetUsers.response as unknown[])[0],
  userDetails: COMMAND_SAMPLES.GetUser.response as { permissions: unknown },
  token: (COMMAND_SAMPLES.GetPersonalAccessTokens.response as unknown[])[0],
};

function fixture(name: keyof typeof RESPONSE_FIXTURES): Buffer {
  const bytes = RESPONSE_FIXTURES[name];
  assert.ok(bytes);
  return bytes;
}

// Byte lengths from §7.8: topic record 51 + 8 (name "topic-ä"), partition 40, member 8 + 4k,
// client record 17 + 7 ("[::1]:9"), user record 14 + 5 ("alice"), PAT 9 + 7 ("token-1").
const TOPIC_RECORD_SIZE = 59;

test('stream, topic and partition records', () => {
  assert.deepEqual(encodeStreamRecord(samples.stream as never), fixture('CreateStream'));
  assert.deepEqual(encodeStreamDetails(samples.streamDetails as never), fixture('GetStream'));
  assert.deepEqual(encodeTopicRecord(samples.topic as never), fixture('GetTopics'));
  assert.deepEqual(readTopicRecord(new BufferReader(fixture('GetTopics'))), samples.topic);
  assert.deepEqual(encodeTopicDetails(samples.topicDetails as never), fixture('GetTopic'));
  const partitionBytes = fixture('GetTopic').subarray(TOPIC_RECORD_SIZE, TOPIC_RECORD_SIZE + 40);
  assert.deepEqual(encodePartitionRecord(samples.topicDetails.partitions[0] as never), partitionBytes);
  assert.deepEqual(readPartitionRecord(new BufferReader(partitionBytes)), samples.topicDetails.partitions[0]);
});

test('consumer group and member records', () => {
  assert.deepEqual(encodeConsumerGroupRecord(samples.group as never), fixture('CreateConsumerGroup'));
  assert.deepEqual(encodeConsumerGroupDetails(samples.groupDetails as never), fixture('GetConsumerGroup'));
  const lastMember = fixture('GetConsumerGroup').subarray(-16); // member 1: id, k = 2, partitions 1 and 2
  assert.deepEqual(encodeConsumerGroupMemberRecord(samples.groupDetails.members[1] as never), lastMember);
  assert.deepEqual(readConsumerGroupMemberRecord(new BufferReader(lastMember)), samples.groupDetails.members[1]);
});

test('client, user and personal access token records', () => {
  const clientBytes = fixture('GetClients').subarray(0, 24);
  assert.deepEqual(encodeClientRecord(samples.client as never), clientBytes);
  assert.deepEqual(readClientRecord(new BufferReader(clientBytes)), samples.client);
  assert.deepEqual(encodeClientDetails(samples.clientDetails as never), fixture('GetMe'));
  const userBytes = fixture('GetUsers').subarray(0, 19);
  assert.deepEqual(encodeUserRecord(samples.user as never), userBytes);
  assert.deepEqual(readUserRecord(new BufferReader(userBytes)), samples.user);
  assert.deepEqual(encodeUserDetails(samples.userDetails as never), fixture('GetUser'));
  assert.deepEqual(encodePermissions(samples.userDetails.permissions as never), SAMPLE_PERMISSIONS_BLOB);
  const tokenBytes = fixture('GetPersonalAccessTokens').subarray(0, 16);
  assert.deepEqual(encodePersonalAccessTokenRecord(samples.token as never), tokenBytes);
  assert.deepEqual(readPersonalAccessTokenRecord(new BufferReader(tokenBytes)), samples.token);
});

test('stats, cluster metadata and offset info', () => {
  assert.deepEqual(encodeStats(COMMAND_SAMPLES.GetStats.response as never), fixture('GetStats'));
  assert.deepEqual(encodeClusterMetadata(COMMAND_SAMPLES.GetClusterMetadata.response as never), fixture('GetClusterMetadata'));
  assert.deepEqual(encodeConsumerOffsetInfo(COMMAND_SAMPLES.GetConsumerOffset.response as never), fixture('GetConsumerOffset'));
  assert.equal(semverNumber(0, 7, 0), 7000, '§12.1: major·1 000 000 + minor·1 000 + patch');
  assert.equal(semverNumber(1, 2, 3), 1_002_003);
});

test('size and code helpers (§7.1-§7.5)', () => {
  assert.equal(identifierSize(0), 6);
  assert.equal(identifierSize('orders'), 8);
  assert.equal(identifierSize('ä'), 4, 'byte length, not characters');
  assert.equal(consumerSize({ kind: 'consumer', id: 7 }), 7);
  assert.equal(consumerSize({ kind: 'consumer_group', id: 'workers' }), 10);
  assert.equal(partitioningSize({ kind: 'balanced' }), 2);
  assert.equal(partitioningSize({ kind: 'partition_id', partitionId: 3 }), 6);
  assert.equal(partitioningSize({ kind: 'messages_key', key: Buffer.from('user-1') }), 8);
  assert.deepEqual(
    (['offset', 'timestamp', 'first', 'last', 'next'] as const).map((kind) => pollingKindCode(kind)),
    [1, 2, 3, 4, 5],
  );
  assert.equal(formatIdentifier(3), '#3');
  assert.equal(formatIdentifier('orders'), '"orders"');
  assert.ok(Object.values(allGlobalPermissions()).every((flag) => flag === true));
  assert.equal(Object.keys(allGlobalPermissions()).length, 10, '§7.7: ten global flags');
});
