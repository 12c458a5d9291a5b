// Goal: the SDK's typed commands answer alike on every transport of the matrix (TCP, WebSocket,
// QUIC, HTTP): "none" from a getter is null or an empty list (the binary protocol's empty OK;
// Iggy's HTTP API answers 404, which the HTTP client maps), a change to something missing is
// refused with the code of what is missing, and an invalid argument is refused with the same
// code (a replication factor of 0: 2018, which the binary wire cannot carry, so the SDK checks
// it as Iggy's SDKs do). Method: one server; each case through `server.client()`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Consumer, ErrorCode, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { startTestServer, type HarnessClient, type TestServer } from '../../helpers/test-server.js';
import { errorCodeOf } from '../users/user-test-support.js';

describe('typed commands answer alike on every transport', () => {
  let server: TestServer;
  let client: HarnessClient;
  before(async () => {
    server = await startTestServer();
    client = await server.client();
    await client.createStream('present');
    await client.createTopic({ streamId: 'present', name: 'here', partitionsCount: 1 });
  });
  after(() => server.stop());

  it('getters: null for a missing object, [] for a list under a missing parent', async () => {
    assert.equal(await client.getStream('absent'), null);
    assert.equal(await client.getStream(4242), null);
    assert.equal(await client.getTopic('present', 'absent'), null);
    assert.equal(await client.getTopic('absent', 'here'), null);
    assert.equal(await client.getConsumerGroup('present', 'here', 'absent'), null);
    assert.equal(await client.getUser('absent'), null);
    assert.equal(await client.getClient(4_000_000_000), null);
    assert.equal(await client.getConsumerOffset({ consumer: Consumer.single(9), streamId: 'present', topicId: 'here', partitionId: 0 }), null);
    assert.deepEqual(await client.getTopics('absent'), []);
    assert.deepEqual(await client.getConsumerGroups('present', 'absent'), []);
    assert.deepEqual(await client.getConsumerGroups('absent', 'absent'), []);
  });

  it('changes to something missing: the code of what is missing', async () => {
    const send = (partitionId: number) => client.sendMessages({ streamId: 'present', topicId: 'here', partitioning: Partitioning.partitionId(partitionId), messages: [{ payload: Buffer.from('x') }] });
    const poll = (topicId: string, partitionId: number) =>
      client.pollMessages({ consumer: Consumer.single(1), streamId: 'present', topicId, partitionId, strategy: PollingStrategy.offset(0n), count: 1, autoCommit: false });
    assert.equal(await errorCodeOf(client.updateStream('absent', 'renamed')), ErrorCode.StreamIdNotFound);
    assert.equal(await errorCodeOf(client.deleteStream(4242)), ErrorCode.StreamIdNotFound);
    assert.equal(await errorCodeOf(client.purgeTopic('present', 'absent')), ErrorCode.TopicIdNotFound);
    assert.equal(await errorCodeOf(client.deleteTopic('present', 'absent')), ErrorCode.TopicIdNotFound);
    assert.equal(await errorCodeOf(send(7)), ErrorCode.PartitionNotFound);
    assert.equal(await errorCodeOf(poll('here', 7)), ErrorCode.PartitionNotFound);
    assert.equal(await errorCodeOf(poll('absent', 0)), ErrorCode.TopicIdNotFound);
    assert.equal(await errorCodeOf(client.flushUnsavedBuffer('present', 'here', 7, false)), ErrorCode.PartitionNotFound);
    assert.equal(await errorCodeOf(client.deleteSegments('present', 'here', 7, 1)), ErrorCode.PartitionNotFound);
    assert.equal(await errorCodeOf(client.deleteConsumerGroup('present', 'here', 'absent')), ErrorCode.ConsumerGroupIdNotFound);
    const nothingStored = { consumer: Consumer.single(9), streamId: 'present', topicId: 'here', partitionId: 0 };
    assert.equal(await errorCodeOf(client.deleteConsumerOffset(nothingStored)), ErrorCode.ConsumerOffsetNotFound);
    assert.equal(await errorCodeOf(client.deletePersonalAccessToken('absent')), ErrorCode.ResourceNotFound);
  });

  it('a replication factor of 0 is refused with 2018, on create and on update; unset means 1', async () => {
    assert.equal(await errorCodeOf(client.createTopic({ streamId: 'present', name: 'zero', partitionsCount: 1, replicationFactor: 0 })), ErrorCode.InvalidReplicationFactor);
    assert.equal(await client.getTopic('present', 'zero'), null, 'nothing was created');
    assert.equal(await errorCodeOf(client.updateTopic({ streamId: 'present', topicId: 'here', name: 'here', replicationFactor: 0 })), ErrorCode.InvalidReplicationFactor);
    assert.equal((await client.getTopic('present', 'here'))?.replicationFactor, 1);
  });
});
