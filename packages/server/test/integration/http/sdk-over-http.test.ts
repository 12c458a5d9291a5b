// The SDK's two transports side by side: the same scenario (IggyCommands methods only) runs
// once over TCP (`IggyClient`) and once over HTTP (`IggyHttpClient`) against one real 2-shard
// server, and both must give the same results — streams, topics, partitions, messages with
// headers and u128 ids, offsets, groups, users, tokens, stats. Then the HTTP-only behaviour:
// binary-only operations reject with 5, and the client refreshes its token before it expires.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, HeaderValues, IggyClient, IggyError, IggyHttpClient, PollingStrategy, UserStatus, type IggyCommands } from '@iggy-node/sdk';
import { startHttpTestServer, type HttpTestServer } from '../../helpers/http-test-server.js';

async function scenario(client: IggyCommands, tag: string): Promise<unknown[]> {
  const seen: unknown[] = [];
  const stream = await client.createStream(`sdk-${tag}`);
  seen.push(stream.name, stream.topicsCount);
  const topic = await client.createTopic({ streamId: stream.id, name: 'events', partitionsCount: 2, messageExpiryMicros: 18446744073709551615n });
  seen.push(topic.partitionsCount, topic.messageExpiry, topic.maxTopicSize);
  await client.createPartitions(stream.id, 'events', 1);
  await client.deletePartitions(stream.id, 'events', 1);
  await client.sendMessages({
    streamId: `sdk-${tag}`,
    topicId: topic.id,
    partitioning: { kind: 'partition_id', partitionId: 1 },
    messages: [
      { id: (1n << 128n) - 1n, payload: Buffer.from('first'), headers: { k: HeaderValues.uint64(18446744073709551615n) } },
      { id: 2n, payload: Buffer.from('second') },
    ],
  });
  await client.flushUnsavedBuffer(stream.id, topic.id, 1, true);
  const polled = await client.pollMessages({ consumer: { kind: 'consumer', id: 1 }, streamId: stream.id, topicId: topic.id, partitionId: 1, strategy: PollingStrategy.offset(0n), count: 10, autoCommit: true });
  seen.push(polled.partitionId, polled.currentOffset, polled.messages.map((m) => [m.id, m.offset, m.payload.toString(), m.headers?.k?.value.readBigUInt64LE(0) ?? null]));
  seen.push((await client.getConsumerOffset({ consumer: { kind: 'consumer', id: 1 }, streamId: stream.id, topicId: topic.id, partitionId: 1 }))?.storedOffset);
  await client.storeConsumerOffset({ consumer: { kind: 'consumer', id: 'named' }, streamId: stream.id, topicId: topic.id, partitionId: 1, offset: 0n });
  seen.push((await client.getConsumerOffset({ consumer: { kind: 'consumer', id: 'named' }, streamId: stream.id, topicId: topic.id, partitionId: 1 }))?.storedOffset);
  await client.deleteConsumerOffset({ consumer: { kind: 'consumer', id: 'named' }, streamId: stream.id, topicId: topic.id, partitionId: 1 });
  seen.push(await client.getConsumerOffset({ consumer: { kind: 'consumer', id: 'named' }, streamId: stream.id, topicId: topic.id, partitionId: 1 }));
  const group = await client.createConsumerGroup(stream.id, topic.id, 'workers');
  seen.push(group.name, (await client.getConsumerGroup(stream.id, topic.id, 'workers'))?.partitionsCount, (await client.getConsumerGroups(stream.id, topic.id)).length);
  await client.deleteConsumerGroup(stream.id, topic.id, group.id);
  seen.push(await client.getConsumerGroup(stream.id, topic.id, 'workers'));
  const details = await client.getStream(stream.id);
  seen.push(details?.messagesCount, details?.topics.length, (await client.getTopic(stream.id, 'events'))?.messagesCount);
  await client.updateTopic({ streamId: stream.id, topicId: topic.id, name: 'events-2' });
  seen.push((await client.getTopics(stream.id)).map((t) => t.name));
  await client.purgeTopic(stream.id, 'events-2');
  await client.updateStream(stream.id, `sdk-${tag}-2`);
  await client.purgeStream(`sdk-${tag}-2`);
  const user = await client.createUser({ username: `user-${tag}`, password: 'secret', status: UserStatus.Active });
  seen.push(user.username, user.permissions);
  await client.updateUser({ userId: user.id, status: UserStatus.Inactive });
  seen.push((await client.getUser(`user-${tag}`))?.status);
  await client.updatePermissions(user.id, null);
  await client.changePassword(user.id, 'secret', 'better');
  await client.deleteUser(user.id);
  seen.push(await client.getUser(`user-${tag}`));
  const token = await client.createPersonalAccessToken(`pat-${tag}`);
  seen.push(typeof token, (await client.getPersonalAccessTokens()).find((t) => t.name === `pat-${tag}`)?.expiryAt);
  await client.deletePersonalAccessToken(`pat-${tag}`);
  const stats = await client.getStats();
  seen.push(stats.iggyServerVersion, (await client.getClusterMetadata()).name);
  await client.ping();
  await client.deleteTopic(stream.id, 'events-2');
  await client.deleteStream(stream.id);
  seen.push(await client.getStream(stream.id));
  return seen;
}

describe('sdk: the same operations over TCP and HTTP', () => {
  let server: HttpTestServer;
  before(async () => {
    server = await startHttpTestServer({ shardCount: 2 });
  });
  after(() => server.stop());

  it('one scenario, both transports, same results', async () => {
    // Always TCP here (also in the transport-matrix pass, where the harness client is WebSocket).
    const tcp = new IggyClient({ host: server.host, port: server.port, credentials: { username: 'iggy', password: 'iggy' } });
    await tcp.connect();
    const http = new IggyHttpClient({ baseUrl: server.httpBase, credentials: { username: 'iggy', password: 'iggy' } });
    await http.connect();
    try {
      const overTcp = await scenario(tcp, 'a');
      const overHttp = await scenario(http, 'a');
      assert.deepEqual(overHttp, overTcp);
      assert.deepEqual((overHttp[7] as unknown[][])[0], [(1n << 128n) - 1n, 0n, 'first', 18446744073709551615n]);
    } finally {
      await http.close();
      await tcp.close();
    }
  });

  it('binary-only operations reject with 5 and say why; HTTP errors carry the server code', async () => {
    const http = new IggyHttpClient({ baseUrl: server.httpBase, credentials: { username: 'iggy', password: 'iggy' } });
    await http.connect();
    try {
      for (const call of [() => http.getMe(), () => http.joinConsumerGroup(), () => http.leaveConsumerGroup()]) {
        await assert.rejects(call(), (error: unknown) => IggyError.is(error, ErrorCode.FeatureUnavailable) && /not available over HTTP/.test((error as Error).message));
      }
      await assert.rejects(
        http.pollMessages({ consumer: { kind: 'consumer_group', id: 1 }, streamId: 1, topicId: 1, strategy: PollingStrategy.next(), count: 1, autoCommit: false }),
        (error: unknown) => IggyError.is(error, ErrorCode.FeatureUnavailable),
      );
      await assert.rejects(http.createStream(''), (error: unknown) => IggyError.is(error, ErrorCode.InvalidStreamName));
      await assert.rejects(http.deleteStream(4242), (error: unknown) => IggyError.is(error, ErrorCode.StreamIdNotFound));
      // A name that reads as a u32 would address the object with that numeric id over HTTP (Iggy's
      // path rule): refused with 6 before anything is sent, so the stream with that id survives.
      const victim = await http.createStream('numbered-victim');
      await http.createStream(String(victim.id));
      await assert.rejects(http.deleteStream(String(victim.id)), (error: unknown) => IggyError.is(error, ErrorCode.InvalidIdentifier) && /numeric id/.test((error as Error).message));
      assert.equal((await http.getStream(victim.id))?.name, 'numbered-victim');
      await assert.rejects(
        http.getConsumerOffset({ consumer: { kind: 'consumer', id: '7' }, streamId: victim.id, topicId: 1, partitionId: 0 }),
        (error: unknown) => IggyError.is(error, ErrorCode.InvalidIdentifier),
      );
      await http.logout();
      await assert.rejects(http.getStreams(), (error: unknown) => IggyError.is(error, ErrorCode.Unauthenticated));
    } finally {
      await http.close();
    }
  });
});

describe('sdk: the HTTP client refreshes its token before expiry', () => {
  let server: HttpTestServer;
  before(async () => {
    server = await startHttpTestServer({ env: { IGGY_HTTP_JWT_ACCESS_TOKEN_EXPIRY: '30s' } });
  });
  after(() => server.stop());

  it('a token within the margin is refreshed once, then re-login when a refresh is refused', async () => {
    // Margin 60 s > lifetime 30 s: every call refreshes first, so the path runs without waiting.
    const http = new IggyHttpClient({ baseUrl: server.httpBase, credentials: { username: 'iggy', password: 'iggy' }, refreshMarginSeconds: 60 });
    await http.connect();
    try {
      const first = http.accessToken;
      await http.getStreams();
      const second = http.accessToken;
      assert.notEqual(second, first, 'refreshed before use');
      await Promise.all([http.getStreams(), http.getStreams(), http.getStreams()]);
      assert.notEqual(http.accessToken, second, 'concurrent calls share one refresh');
      const old = await fetch(`${server.httpBase}/streams`, { headers: { authorization: `Bearer ${first}` } });
      assert.equal(old.status, 401, 'the refreshed-away token is revoked');
    } finally {
      await http.close();
    }
  });
});
