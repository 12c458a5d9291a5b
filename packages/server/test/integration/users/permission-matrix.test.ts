// Goal: every command obeys the permission matrix of wire-protocol.md §17. Method: one real
// server; for each single grant (none, each global flag, each stream flag, each topic flag) a
// fresh stream/topic/group fixture and a user holding only that grant, who runs every command;
// a refusal must be exactly 41, anything allowed must succeed, and refusals happen exactly when the table (written out here
// independently of the server's permissioner) says so.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CommandCode,
  CompressionAlgorithm,
  ErrorCode,
  SnapshotCompression,
  SnapshotType,
  UserStatus,
  decodeGetMeResponse,
  encodeChangePasswordRequest,
  encodeCreateConsumerGroupRequest,
  encodeCreatePartitionsRequest,
  encodeCreatePersonalAccessTokenRequest,
  encodeCreateStreamRequest,
  encodeCreateTopicRequest,
  encodeCreateUserRequest,
  encodeDeleteConsumerGroupRequest,
  encodeDeleteConsumerOffsetRequest,
  encodeDeletePartitionsRequest,
  encodeDeletePersonalAccessTokenRequest,
  encodeDeleteSegmentsRequest,
  encodeDeleteStreamRequest,
  encodeDeleteTopicRequest,
  encodeDeleteUserRequest,
  encodeFlushUnsavedBufferRequest,
  encodeGetClientRequest,
  encodeGetConsumerGroupRequest,
  encodeGetConsumerGroupsRequest,
  encodeGetConsumerOffsetRequest,
  encodeGetSnapshotRequest,
  encodeGetStreamRequest,
  encodeGetTopicRequest,
  encodeGetTopicsRequest,
  encodeGetUserRequest,
  encodeJoinConsumerGroupRequest,
  encodeLeaveConsumerGroupRequest,
  encodePollMessagesRequest,
  encodePurgeStreamRequest,
  encodePurgeTopicRequest,
  encodeSendMessagesRequest,
  encodeStoreConsumerOffsetRequest,
  encodeUpdatePermissionsRequest,
  encodeUpdateStreamRequest,
  encodeUpdateTopicRequest,
  encodeUpdateUserRequest,
} from '@iggy-node/protocol';
import { startTestServer, type HarnessClient, type TestServer } from '../../helpers/test-server.js';
import { binaryOnlyOverHttp } from '../../helpers/test-transport.js';
import {
  allGrants,
  connectPlain,
  grantName,
  permissionsFor,
} from './user-test-support.js';
import { allows, ANY, CREATE_STREAM, CREATE_TOPIC, GET_STREAM, GET_STREAMS, GET_TOPICS, MANAGE_STREAM, MANAGE_TOPIC, MANAGE_USERS, POLL, READ_TOPIC, READ_USERS, SEND, SERVERS, type Rule } from './permission-rules.js';

interface Fixture {
  streamId: number;
  topicId: number;
  groupId: number;
  victimId: number;
  clientId: number;
  tag: string;
}

interface MatrixCommand {
  name: string;
  code: number;
  rule: Rule | typeof ANY;
  payload: (f: Fixture) => Buffer;
}

const USER_PASSWORD = 'matrix-pass';
const VICTIM_PASSWORD = 'victim-pass';
const consumer = { kind: 'consumer' as const, id: 7 };

/** Destructive commands come last, so every earlier command still finds its target. */
const COMMANDS: MatrixCommand[] = [
  { name: 'GetStats', code: CommandCode.GetStats, rule: SERVERS, payload: () => Buffer.alloc(0) },
  { name: 'GetClients', code: CommandCode.GetClients, rule: SERVERS, payload: () => Buffer.alloc(0) },
  { name: 'GetClient', code: CommandCode.GetClient, rule: SERVERS, payload: (f) => encodeGetClientRequest({ clientId: f.clientId }) },
  { name: 'GetMe', code: CommandCode.GetMe, rule: ANY, payload: () => Buffer.alloc(0) },
  {
    name: 'GetSnapshot',
    code: CommandCode.GetSnapshot,
    rule: ANY,
    payload: () => encodeGetSnapshotRequest({ compression: SnapshotCompression.Deflated, types: [SnapshotType.All] }),
  },
  { name: 'GetClusterMetadata', code: CommandCode.GetClusterMetadata, rule: ANY, payload: () => Buffer.alloc(0) },
  { name: 'GetUsers', code: CommandCode.GetUsers, rule: READ_USERS, payload: () => Buffer.alloc(0) },
  { name: 'GetUser(self)', code: CommandCode.GetUser, rule: ANY, payload: (f) => encodeGetUserRequest({ userId: `user-${f.tag}` }) },
  { name: 'GetUser(other)', code: CommandCode.GetUser, rule: READ_USERS, payload: (f) => encodeGetUserRequest({ userId: f.victimId }) },
  { name: 'GetPersonalAccessTokens', code: CommandCode.GetPersonalAccessTokens, rule: ANY, payload: () => Buffer.alloc(0) },
  {
    name: 'CreatePersonalAccessToken',
    code: CommandCode.CreatePersonalAccessToken,
    rule: ANY,
    payload: () => encodeCreatePersonalAccessTokenRequest({ name: 'matrix-token', expiry: 0n }),
  },
  {
    name: 'DeletePersonalAccessToken',
    code: CommandCode.DeletePersonalAccessToken,
    rule: ANY,
    payload: () => encodeDeletePersonalAccessTokenRequest({ name: 'matrix-token' }),
  },
  {
    name: 'ChangePassword(self)',
    code: CommandCode.ChangePassword,
    rule: ANY,
    payload: (f) => encodeChangePasswordRequest({ userId: `user-${f.tag}`, currentPassword: USER_PASSWORD, newPassword: USER_PASSWORD }),
  },
  {
    name: 'ChangePassword(other)',
    code: CommandCode.ChangePassword,
    rule: MANAGE_USERS,
    payload: (f) => encodeChangePasswordRequest({ userId: f.victimId, currentPassword: VICTIM_PASSWORD, newPassword: VICTIM_PASSWORD }),
  },
  {
    name: 'UpdateUser',
    code: CommandCode.UpdateUser,
    rule: MANAGE_USERS,
    payload: (f) => encodeUpdateUserRequest({ userId: f.victimId, username: null, status: UserStatus.Active }),
  },
  {
    name: 'UpdatePermissions',
    code: CommandCode.UpdatePermissions,
    rule: MANAGE_USERS,
    payload: (f) => encodeUpdatePermissionsRequest({ userId: f.victimId, permissions: null }),
  },
  {
    name: 'CreateUser',
    code: CommandCode.CreateUser,
    rule: MANAGE_USERS,
    payload: (f) => encodeCreateUserRequest({ username: `made-${f.tag}`, password: 'made-pass', status: UserStatus.Active, permissions: null }),
  },
  { name: 'DeleteUser', code: CommandCode.DeleteUser, rule: MANAGE_USERS, payload: (f) => encodeDeleteUserRequest({ userId: f.victimId }) },
  { name: 'GetStreams', code: CommandCode.GetStreams, rule: GET_STREAMS, payload: () => Buffer.alloc(0) },
  { name: 'GetStream', code: CommandCode.GetStream, rule: GET_STREAM, payload: (f) => encodeGetStreamRequest({ streamId: f.streamId }) },
  { name: 'CreateStream', code: CommandCode.CreateStream, rule: CREATE_STREAM, payload: (f) => encodeCreateStreamRequest({ name: `extra-${f.tag}` }) },
  {
    name: 'UpdateStream',
    code: CommandCode.UpdateStream,
    rule: MANAGE_STREAM,
    payload: (f) => encodeUpdateStreamRequest({ streamId: f.streamId, name: `stream-${f.tag}` }),
  },
  { name: 'GetTopics', code: CommandCode.GetTopics, rule: GET_TOPICS, payload: (f) => encodeGetTopicsRequest({ streamId: f.streamId }) },
  {
    name: 'GetTopic',
    code: CommandCode.GetTopic,
    rule: READ_TOPIC,
    payload: (f) => encodeGetTopicRequest({ streamId: f.streamId, topicId: f.topicId }),
  },
  {
    name: 'CreateTopic',
    code: CommandCode.CreateTopic,
    rule: CREATE_TOPIC,
    payload: (f) =>
      encodeCreateTopicRequest({
        streamId: f.streamId,
        partitionsCount: 1,
        compressionAlgorithm: CompressionAlgorithm.None,
        messageExpiry: 0n,
        maxTopicSize: 0n,
        replicationFactor: null,
        name: 'extra-topic',
      }),
  },
  {
    name: 'UpdateTopic',
    code: CommandCode.UpdateTopic,
    rule: MANAGE_TOPIC,
    payload: (f) =>
      encodeUpdateTopicRequest({
        streamId: f.streamId,
        topicId: f.topicId,
        compressionAlgorithm: CompressionAlgorithm.None,
        messageExpiry: 0n,
        maxTopicSize: 0n,
        replicationFactor: null,
        name: 'topic',
      }),
  },
  {
    name: 'SendMessages',
    code: CommandCode.SendMessages,
    rule: SEND,
    payload: (f) =>
      encodeSendMessagesRequest({
        streamId: f.streamId,
        topicId: f.topicId,
        partitioning: { kind: 'partition_id', partitionId: 0 },
        messages: [{ payload: Buffer.from('matrix') }],
      }),
  },
  {
    name: 'FlushUnsavedBuffer',
    code: CommandCode.FlushUnsavedBuffer,
    rule: SEND,
    payload: (f) => encodeFlushUnsavedBufferRequest({ streamId: f.streamId, topicId: f.topicId, partitionId: 0, fsync: false }),
  },
  {
    name: 'PollMessages',
    code: CommandCode.PollMessages,
    rule: POLL,
    payload: (f) =>
      encodePollMessagesRequest({
        consumer,
        streamId: f.streamId,
        topicId: f.topicId,
        partitionId: 0,
        strategy: { kind: 'offset', value: 0n },
        count: 1,
        autoCommit: false,
      }),
  },
  {
    name: 'StoreConsumerOffset',
    code: CommandCode.StoreConsumerOffset,
    rule: POLL,
    payload: (f) => encodeStoreConsumerOffsetRequest({ consumer, streamId: f.streamId, topicId: f.topicId, partitionId: 0, offset: 0n }),
  },
  {
    name: 'GetConsumerOffset',
    code: CommandCode.GetConsumerOffset,
    rule: POLL,
    payload: (f) => encodeGetConsumerOffsetRequest({ consumer, streamId: f.streamId, topicId: f.topicId, partitionId: 0 }),
  },
  {
    name: 'DeleteConsumerOffset',
    code: CommandCode.DeleteConsumerOffset,
    rule: POLL,
    payload: (f) => encodeDeleteConsumerOffsetRequest({ consumer, streamId: f.streamId, topicId: f.topicId, partitionId: 0 }),
  },
  {
    name: 'GetConsumerGroups',
    code: CommandCode.GetConsumerGroups,
    rule: READ_TOPIC,
    payload: (f) => encodeGetConsumerGroupsRequest({ streamId: f.streamId, topicId: f.topicId }),
  },
  {
    name: 'GetConsumerGroup',
    code: CommandCode.GetConsumerGroup,
    rule: READ_TOPIC,
    payload: (f) => encodeGetConsumerGroupRequest({ streamId: f.streamId, topicId: f.topicId, groupId: f.groupId }),
  },
  {
    name: 'CreateConsumerGroup',
    code: CommandCode.CreateConsumerGroup,
    rule: READ_TOPIC,
    payload: (f) => encodeCreateConsumerGroupRequest({ streamId: f.streamId, topicId: f.topicId, name: 'extra-group' }),
  },
  {
    name: 'JoinConsumerGroup',
    code: CommandCode.JoinConsumerGroup,
    rule: READ_TOPIC,
    payload: (f) => encodeJoinConsumerGroupRequest({ streamId: f.streamId, topicId: f.topicId, groupId: f.groupId }),
  },
  {
    name: 'LeaveConsumerGroup',
    code: CommandCode.LeaveConsumerGroup,
    rule: READ_TOPIC,
    payload: (f) => encodeLeaveConsumerGroupRequest({ streamId: f.streamId, topicId: f.topicId, groupId: f.groupId }),
  },
  {
    name: 'DeleteConsumerGroup',
    code: CommandCode.DeleteConsumerGroup,
    rule: READ_TOPIC,
    payload: (f) => encodeDeleteConsumerGroupRequest({ streamId: f.streamId, topicId: f.topicId, groupId: f.groupId }),
  },
  {
    name: 'CreatePartitions',
    code: CommandCode.CreatePartitions,
    rule: MANAGE_TOPIC,
    payload: (f) => encodeCreatePartitionsRequest({ streamId: f.streamId, topicId: f.topicId, partitionsCount: 1 }),
  },
  {
    name: 'DeletePartitions',
    code: CommandCode.DeletePartitions,
    rule: MANAGE_TOPIC,
    payload: (f) => encodeDeletePartitionsRequest({ streamId: f.streamId, topicId: f.topicId, partitionsCount: 1 }),
  },
  {
    name: 'DeleteSegments',
    code: CommandCode.DeleteSegments,
    rule: MANAGE_TOPIC,
    payload: (f) => encodeDeleteSegmentsRequest({ streamId: f.streamId, topicId: f.topicId, partitionId: 0, segmentsCount: 1 }),
  },
  {
    name: 'PurgeTopic',
    code: CommandCode.PurgeTopic,
    rule: MANAGE_TOPIC,
    payload: (f) => encodePurgeTopicRequest({ streamId: f.streamId, topicId: f.topicId }),
  },
  {
    name: 'DeleteTopic',
    code: CommandCode.DeleteTopic,
    rule: MANAGE_TOPIC,
    payload: (f) => encodeDeleteTopicRequest({ streamId: f.streamId, topicId: f.topicId }),
  },
  { name: 'PurgeStream', code: CommandCode.PurgeStream, rule: MANAGE_STREAM, payload: (f) => encodePurgeStreamRequest({ streamId: f.streamId }) },
  { name: 'DeleteStream', code: CommandCode.DeleteStream, rule: MANAGE_STREAM, payload: (f) => encodeDeleteStreamRequest({ streamId: f.streamId }) },
  { name: 'LogoutUser', code: CommandCode.LogoutUser, rule: ANY, payload: () => Buffer.alloc(0) },
];

/** Raw command frames have no HTTP form; the HTTP routes run the same §17 rows in http-permission-matrix.test.ts. */
const OVER_HTTP = binaryOnlyOverHttp('raw command frames (sendRaw); integration/http/http-permission-matrix.test.ts runs the same §17 rows over the HTTP routes');

describe('permission matrix (§17)', { skip: OVER_HTTP }, () => {
  let server: TestServer;
  let root: HarnessClient;

  before(async () => {
    server = await startTestServer();
    root = await server.client();
  });
  after(() => server.stop());

  /** Removes every stream and creates stream/topic(2 partitions, 1 message)/group plus a victim user. */
  async function freshFixture(tag: string): Promise<Omit<Fixture, 'clientId'>> {
    for (const stream of await root.getStreams()) await root.deleteStream(stream.id);
    const stream = await root.createStream(`stream-${tag}`);
    const topic = await root.createTopic({ streamId: stream.id, name: 'topic', partitionsCount: 2 });
    await root.sendMessages({
      streamId: stream.id,
      topicId: topic.id,
      partitioning: { kind: 'partition_id', partitionId: 0 },
      messages: [{ payload: Buffer.from('seed') }],
    });
    const group = await root.createConsumerGroup(stream.id, topic.id, 'group');
    const victim = await root.createUser({ username: `victim-${tag}`, password: VICTIM_PASSWORD });
    return { streamId: stream.id, topicId: topic.id, groupId: group.id, victimId: victim.id, tag };
  }

  for (const [index, grant] of allGrants().entries()) {
    it(`grant ${grantName(grant)}`, async () => {
      const tag = `g${index}`;
      const base = await freshFixture(tag);
      await root.createUser({
        username: `user-${tag}`,
        password: USER_PASSWORD,
        permissions: permissionsFor(grant, base.streamId, base.topicId),
      });
      const client = await connectPlain(server, { username: `user-${tag}`, password: USER_PASSWORD });
      try {
        const me = decodeGetMeResponse((await client.sendRaw(CommandCode.GetMe)).payload);
        const fixture: Fixture = { ...base, clientId: me.clientId };
        const wrong: string[] = [];
        for (const command of COMMANDS) {
          const { status } = await client.sendRaw(command.code, command.payload(fixture));
          const expectAllowed = allows(command.rule, grant);
          // The fixture makes every allowed command succeed, so "allowed" means status 0.
          if (expectAllowed && status !== 0) {
            wrong.push(`${command.name}: status ${status}, expected success`);
          } else if (!expectAllowed && status !== ErrorCode.Unauthorized) {
            wrong.push(`${command.name}: status ${status}, expected 41`);
          }
        }
        assert.deepEqual(wrong, []);
      } finally {
        await client.close();
      }
    });
  }
});
