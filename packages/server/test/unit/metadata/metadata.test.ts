// Goal: every Metadata mutation validates with Iggy's error codes, assigns first-free ids and keeps lookups consistent; method: drive an in-memory model command by command.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, IggyError, U64_MAX, allGlobalPermissions, type Permissions } from '@iggy-node/protocol';
import { Metadata } from '../../../src/metadata/metadata.js';
import type { CreateTopicParams, TopicDefaults } from '../../../src/metadata/metadata-model.js';

const DEFAULTS: TopicDefaults = { messageExpiryMicros: U64_MAX, maxTopicSizeBytes: U64_MAX, segmentSizeBytes: 1024n };
const NOW = 1_700_000_000_000_000n;

function topicParams(name: string, overrides: Partial<CreateTopicParams> = {}): CreateTopicParams {
  return { name, partitionsCount: 2, compression: 1, messageExpiryMicros: 0n, maxTopicSizeBytes: 0n, ...overrides };
}

function throwsCode(action: () => unknown, code: number): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(IggyError.is(error), `expected an IggyError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  });
}

function withRoot(): Metadata {
  const metadata = new Metadata();
  const root = metadata.createUser(
    { username: 'iggy', passwordHash: 'hash-root', status: 'active', permissions: { global: allGlobalPermissions(), streams: new Map() } },
    NOW,
  );
  assert.equal(root.id, 0);
  return metadata;
}

test('streams: ids from 0, first free slot reused, names unique, lookups by id and name', () => {
  const metadata = new Metadata();
  assert.equal(metadata.createStream('a', NOW).id, 0);
  assert.equal(metadata.createStream('b', NOW + 1n).id, 1);
  assert.equal(metadata.createStream('c', NOW).id, 2);
  throwsCode(() => metadata.createStream('b', NOW), ErrorCode.StreamNameAlreadyExists);
  throwsCode(() => metadata.createStream('', NOW), ErrorCode.InvalidStreamName);
  throwsCode(() => metadata.createStream('x'.repeat(256), NOW), ErrorCode.InvalidStreamName);
  assert.equal(metadata.createStream('é'.repeat(127), NOW).id, 3, '254 UTF-8 bytes is within the limit');

  metadata.deleteStream(1);
  assert.equal(metadata.findStream('b'), undefined);
  assert.equal(metadata.createStream('d', NOW).id, 1, 'the freed id 1 is reused');
  assert.equal(metadata.getStream('d').id, 1);
  assert.equal(metadata.getStream(0).createdAtMicros, NOW);
  throwsCode(() => metadata.getStream(99), ErrorCode.StreamIdNotFound);
  throwsCode(() => metadata.getStream('nope'), ErrorCode.StreamIdNotFound);
  throwsCode(() => metadata.deleteStream(99), ErrorCode.StreamIdNotFound);
  assert.deepEqual([...metadata.streams.values()].map((stream) => stream.name), ['a', 'd', 'c', 'é'.repeat(127)]);
});

test('streams: rename to own name is a no-op, to another stream\'s name is 1012, old name stops resolving', () => {
  const metadata = new Metadata();
  metadata.createStream('a', NOW);
  metadata.createStream('b', NOW);
  metadata.updateStream('a', 'a');
  throwsCode(() => metadata.updateStream(0, 'b'), ErrorCode.StreamNameAlreadyExists);
  throwsCode(() => metadata.updateStream(7, 'z'), ErrorCode.StreamIdNotFound);
  throwsCode(() => metadata.updateStream(0, ''), ErrorCode.InvalidStreamName);
  metadata.updateStream(0, 'renamed');
  assert.equal(metadata.findStream('a'), undefined);
  assert.equal(metadata.getStream('renamed').id, 0);
});

test('topics: defaults resolved, explicit values kept, size and count limits, names unique per stream', () => {
  const metadata = new Metadata();
  metadata.createStream('s', NOW);
  metadata.createStream('other', NOW);
  const topic = metadata.createTopic('s', topicParams('t'), DEFAULTS, NOW);
  assert.equal(topic.id, 0);
  assert.equal(topic.streamId, 0);
  assert.equal(topic.messageExpiryMicros, U64_MAX);
  assert.equal(topic.maxTopicSizeBytes, U64_MAX);
  assert.equal(topic.replicationFactor, 1);
  assert.deepEqual(topic.partitions, [{ id: 0, createdAtMicros: NOW }, { id: 1, createdAtMicros: NOW }]);

  const explicit = metadata.createTopic(
    0,
    topicParams('u', { messageExpiryMicros: 5_000_000n, maxTopicSizeBytes: 1024n, replicationFactor: 3, compression: 2, partitionsCount: 0 }),
    DEFAULTS,
    NOW,
  );
  assert.equal(explicit.id, 1);
  assert.equal(explicit.messageExpiryMicros, 5_000_000n);
  assert.equal(explicit.maxTopicSizeBytes, 1024n);
  assert.equal(explicit.replicationFactor, 3);
  assert.equal(explicit.compression, 2);
  assert.equal(explicit.partitions.length, 0);

  throwsCode(() => metadata.createTopic(0, topicParams('t'), DEFAULTS, NOW), ErrorCode.TopicNameAlreadyExists);
  assert.equal(metadata.createTopic(1, topicParams('t'), DEFAULTS, NOW).id, 0, 'same name in another stream is fine');
  throwsCode(() => metadata.createTopic(0, topicParams('v', { maxTopicSizeBytes: 1023n }), DEFAULTS, NOW), ErrorCode.InvalidTopicSize);
  throwsCode(() => metadata.createTopic(0, topicParams('v', { partitionsCount: 1001 }), DEFAULTS, NOW), ErrorCode.TooManyPartitions);
  throwsCode(() => metadata.createTopic(0, topicParams(''), DEFAULTS, NOW), ErrorCode.InvalidTopicName);
  throwsCode(() => metadata.createTopic(9, topicParams('v'), DEFAULTS, NOW), ErrorCode.StreamIdNotFound);
  const configured = metadata.createTopic(
    0,
    topicParams('w', { partitionsCount: 1000 }),
    { messageExpiryMicros: 60_000_000n, maxTopicSizeBytes: 4096n, segmentSizeBytes: 1024n },
    NOW,
  );
  assert.equal(configured.messageExpiryMicros, 60_000_000n);
  assert.equal(configured.maxTopicSizeBytes, 4096n);
  assert.equal(configured.partitions.length, 1000);

  metadata.deleteTopic(0, 't');
  throwsCode(() => metadata.getTopic(0, 't'), ErrorCode.TopicIdNotFound);
  throwsCode(() => metadata.getTopic(5, 0), ErrorCode.StreamIdNotFound);
  assert.equal(metadata.createTopic(0, topicParams('again'), DEFAULTS, NOW).id, 0, 'the freed topic id is reused');
  assert.equal(metadata.getTopic('s', 'again').id, 0);
});

test('topics: update stores values as sent, checks the name, and can resolve defaults when asked', () => {
  const metadata = new Metadata();
  metadata.createStream('s', NOW);
  metadata.createTopic(0, topicParams('t'), DEFAULTS, NOW);
  metadata.createTopic(0, topicParams('u'), DEFAULTS, NOW);
  const updated = metadata.updateTopic(0, 't', { name: 't2', compression: 2, messageExpiryMicros: 0n, maxTopicSizeBytes: 10n, replicationFactor: 0 });
  assert.equal(updated.name, 't2');
  assert.equal(updated.messageExpiryMicros, 0n, 'Iggy stores 0 unresolved');
  assert.equal(updated.maxTopicSizeBytes, 10n, 'no size check on update');
  assert.equal(updated.replicationFactor, 1);
  throwsCode(() => metadata.updateTopic(0, 0, { name: 'u', compression: 1, messageExpiryMicros: 0n, maxTopicSizeBytes: 0n }), ErrorCode.TopicNameAlreadyExists);
  metadata.updateTopic(0, 0, { name: 't2', compression: 1, messageExpiryMicros: 0n, maxTopicSizeBytes: 0n }, DEFAULTS);
  assert.equal(metadata.getTopic(0, 0).messageExpiryMicros, U64_MAX);
  throwsCode(() => metadata.updateTopic(0, 9, { name: 'x', compression: 1, messageExpiryMicros: 0n, maxTopicSizeBytes: 0n }), ErrorCode.TopicIdNotFound);
});

test('partitions: appended with the next ids, deleted from the top, counts validated', () => {
  const metadata = new Metadata();
  metadata.createStream('s', NOW);
  metadata.createTopic(0, topicParams('t', { partitionsCount: 0 }), DEFAULTS, NOW);
  assert.deepEqual(metadata.createPartitions(0, 0, 3, NOW + 5n).map((p) => p.id), [0, 1, 2]);
  assert.deepEqual(metadata.createPartitions(0, 0, 2, NOW).map((p) => p.id), [3, 4]);
  assert.equal(metadata.getPartition(0, 0, 4).id, 4);
  throwsCode(() => metadata.getPartition(0, 0, 5), ErrorCode.PartitionNotFound);
  throwsCode(() => metadata.getPartition(0, 1, 0), ErrorCode.TopicIdNotFound);
  assert.deepEqual(metadata.deletePartitions(0, 0, 2).map((p) => p.id), [3, 4]);
  throwsCode(() => metadata.deletePartitions(0, 0, 4), ErrorCode.InvalidPartitionsCount);
  throwsCode(() => metadata.deletePartitions(0, 0, 0), ErrorCode.TooManyPartitions);
  throwsCode(() => metadata.createPartitions(0, 0, 0, NOW), ErrorCode.TooManyPartitions);
  throwsCode(() => metadata.createPartitions(0, 0, 1001, NOW), ErrorCode.TooManyPartitions);
  assert.deepEqual(metadata.createPartitions(0, 0, 1, NOW).map((p) => p.id), [3]);
  assert.deepEqual(metadata.deletePartitions(0, 0, 4).map((p) => p.id), [0, 1, 2, 3]);
  assert.equal(metadata.getTopic(0, 0).partitions.length, 0);
});

test('consumer groups: first free id, names unique per topic, 5000 when missing', () => {
  const metadata = new Metadata();
  metadata.createStream('s', NOW);
  metadata.createTopic(0, topicParams('t'), DEFAULTS, NOW);
  assert.equal(metadata.createConsumerGroup(0, 0, 'g0').id, 0);
  assert.equal(metadata.createConsumerGroup('s', 't', 'g1').id, 1);
  throwsCode(() => metadata.createConsumerGroup(0, 0, 'g1'), ErrorCode.ConsumerGroupNameAlreadyExists);
  throwsCode(() => metadata.createConsumerGroup(0, 0, ''), ErrorCode.InvalidConsumerGroupName);
  throwsCode(() => metadata.createConsumerGroup(0, 3, 'g'), ErrorCode.TopicIdNotFound);
  metadata.deleteConsumerGroup(0, 0, 'g0');
  throwsCode(() => metadata.getConsumerGroup(0, 0, 0), ErrorCode.ConsumerGroupIdNotFound);
  throwsCode(() => metadata.deleteConsumerGroup(0, 0, 'g0'), ErrorCode.ConsumerGroupIdNotFound);
  assert.equal(metadata.findConsumerGroup(0, 0, 'g0'), undefined);
  assert.equal(metadata.createConsumerGroup(0, 0, 'g2').id, 0);
  assert.equal(metadata.getConsumerGroup(0, 0, 'g2').id, 0);
});

test('users: unique usernames, root cannot be deleted or lose permissions, 20 when missing', () => {
  const metadata = withRoot();
  const bob = metadata.createUser({ username: 'bob', passwordHash: 'h', status: 'active', permissions: null }, NOW);
  assert.equal(bob.id, 1);
  throwsCode(() => metadata.createUser({ username: 'bob', passwordHash: 'h', status: 'active', permissions: null }, NOW), ErrorCode.UserAlreadyExists);
  throwsCode(() => metadata.createUser({ username: 'ab', passwordHash: 'h', status: 'active', permissions: null }, NOW), ErrorCode.InvalidUsername);
  throwsCode(() => metadata.createUser({ username: 'x'.repeat(51), passwordHash: 'h', status: 'active', permissions: null }, NOW), ErrorCode.InvalidUsername);
  throwsCode(() => metadata.deleteUser(0), ErrorCode.CannotDeleteUser);
  throwsCode(() => metadata.deleteUser('iggy'), ErrorCode.CannotDeleteUser);
  throwsCode(() => metadata.updatePermissions(0, null), ErrorCode.CannotChangePermissions);
  throwsCode(() => metadata.deleteUser(42), ErrorCode.ResourceNotFound);
  throwsCode(() => metadata.getUser('nobody'), ErrorCode.ResourceNotFound);
  throwsCode(() => metadata.updateUser(1, { username: 'iggy' }), ErrorCode.UserAlreadyExists);
  throwsCode(() => metadata.updateUser(9, { status: 'inactive' }), ErrorCode.ResourceNotFound);
  throwsCode(() => metadata.changePassword(9, 'h2'), ErrorCode.ResourceNotFound);

  metadata.updateUser('bob', { username: 'robert', status: 'inactive' });
  assert.equal(metadata.findUserByUsername('bob'), undefined);
  assert.equal(metadata.getUser('robert').status, 'inactive');
  metadata.updateUser(0, { username: 'admin' });
  assert.equal(metadata.getUser(0).username, 'admin', 'root may be renamed');
  metadata.changePassword(1, 'h2');
  assert.equal(metadata.getUser(1).passwordHash, 'h2');
  const permissions: Permissions = { global: { ...allGlobalPermissions(), manageUsers: false }, streams: new Map() };
  metadata.updatePermissions(1, permissions);
  assert.equal(metadata.getUser(1).permissions?.global.manageUsers, false);

  metadata.deleteUser(1);
  assert.equal(metadata.createUser({ username: 'carol', passwordHash: 'h', status: 'active', permissions: null }, NOW).id, 1, 'user id reused');
});

test('personal access tokens: name rules, per-user limit, lookups by hash, removal with the user and on expiry', () => {
  const metadata = withRoot();
  metadata.createUser({ username: 'bob', passwordHash: 'h', status: 'active', permissions: null }, NOW);
  metadata.createPersonalAccessToken(1, 'tok1', 'hash1', null, 2);
  metadata.createPersonalAccessToken(1, 'tok0', 'hash0', NOW + 10n, 2);
  throwsCode(() => metadata.createPersonalAccessToken(1, 'tok2', 'hash2', null, 2), ErrorCode.PersonalAccessTokensLimitReached);
  throwsCode(() => metadata.createPersonalAccessToken(1, 'tok1', 'hash3', null, 5), ErrorCode.PersonalAccessTokenAlreadyExists);
  throwsCode(() => metadata.createPersonalAccessToken(1, 'ab', 'hash3', null, 5), ErrorCode.InvalidPersonalAccessTokenName);
  throwsCode(() => metadata.createPersonalAccessToken(1, 'x'.repeat(31), 'hash3', null, 5), ErrorCode.InvalidPersonalAccessTokenName);
  metadata.createPersonalAccessToken(0, 'tok1', 'root-hash', null, 2);
  assert.deepEqual(metadata.personalAccessTokensOf(1).map((token) => token.name), ['tok0', 'tok1']);
  assert.equal(metadata.findPersonalAccessTokenByHash('hash1')?.userId, 1);
  throwsCode(() => metadata.deletePersonalAccessToken(1, 'nope'), ErrorCode.ResourceNotFound);

  assert.deepEqual(metadata.deleteExpiredPersonalAccessTokens(NOW + 9n), []);
  assert.deepEqual(metadata.deleteExpiredPersonalAccessTokens(NOW + 10n).map((token) => token.name), ['tok0']);
  assert.equal(metadata.findPersonalAccessTokenByHash('hash0'), undefined);
  metadata.deletePersonalAccessToken(1, 'tok1');
  assert.equal(metadata.findPersonalAccessTokenByHash('hash1'), undefined);
  metadata.createPersonalAccessToken(1, 'tok5', 'hash5', null, 2);
  metadata.deleteUser(1);
  assert.equal(metadata.findPersonalAccessTokenByHash('hash5'), undefined, "a deleted user's tokens go with it");
  assert.equal(metadata.findPersonalAccessTokenByHash('root-hash')?.userId, 0);
});

test('deleting a stream or topic drops grants keyed by its id so a reused id does not inherit them', () => {
  const metadata = withRoot();
  metadata.createStream('s', NOW);
  metadata.createTopic(0, topicParams('t'), DEFAULTS, NOW);
  const topicGrant = { manageTopic: true, readTopic: true, pollMessages: true, sendMessages: true };
  const streamGrant = {
    manageStream: false, readStream: true, manageTopics: false, readTopics: true, pollMessages: true, sendMessages: false,
    topics: new Map([[0, topicGrant], [7, topicGrant]]),
  };
  const global = { ...allGlobalPermissions(), manageStreams: false };
  metadata.createUser({ username: 'bob', passwordHash: 'h', status: 'active', permissions: { global, streams: new Map([[0, streamGrant]]) } }, NOW);
  metadata.deleteTopic(0, 0);
  assert.deepEqual([...metadata.getUser(1).permissions!.streams.get(0)!.topics.keys()], [7]);
  assert.deepEqual([...streamGrant.topics.keys()], [0, 7], 'the original object is not mutated');
  metadata.deleteStream(0);
  assert.equal(metadata.getUser(1).permissions!.streams.size, 0);
});

test('snapshot is structured-clone safe and fromSnapshot rebuilds an equal model', () => {
  const metadata = withRoot();
  metadata.createStream('s0', NOW);
  metadata.createStream('s1', NOW + 1n);
  metadata.deleteStream(0);
  metadata.createTopic(1, topicParams('t'), DEFAULTS, NOW + 2n);
  metadata.createConsumerGroup(1, 0, 'g');
  metadata.createPersonalAccessToken(0, 'tok', 'hash', NOW + 100n, 10);
  const snapshot = structuredClone(metadata.snapshot(7));
  assert.equal(snapshot.version, 7);
  const copy = Metadata.fromSnapshot(snapshot);
  assert.deepEqual(copy.snapshot(7), metadata.snapshot(7));
  assert.equal(copy.getTopic('s1', 't').consumerGroups.get(0)?.name, 'g');
  assert.equal(copy.findPersonalAccessTokenByHash('hash')?.name, 'tok');
  assert.equal(copy.createStream('new', NOW).id, 0, 'the copy keeps the free slot');
});
