// Goal: only Ping, LoginUser and LoginWithPersonalAccessToken work before login (§6.1). Method:
// a fresh connection sends every other command code (with an empty payload: the login check
// comes before parsing) and must get 40 each time, keep its connection, and still log in after.
// Over HTTP (harness transport http) the same rule is checked through the SDK: every typed
// command but ping and the logins, sent without a token, is refused with 40 (the middleware's
// empty 401), and works once logged in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommandCode, ErrorCode } from '@iggy-node/protocol';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { startTestServer, type HarnessClient, type TestServer } from '../../helpers/test-server.js';
import { binaryOnlyOverHttp, connectClient, harnessTransport } from '../../helpers/test-transport.js';
import { connectPlain, errorCodeOf } from './user-test-support.js';

const OPEN_COMMANDS = new Set<number>([CommandCode.Ping, CommandCode.LoginUser, CommandCode.LoginWithPersonalAccessToken]);
const RAW_FRAMES = binaryOnlyOverHttp('raw command frames (sendRaw) on one connection; the HTTP form of this rule is the test below');

/** Commands that need no token (get_me and group join/leave are not in HarnessClient: no HTTP route). */
type OpenCommands = 'connect' | 'close' | 'ping' | 'login' | 'loginWithPersonalAccessToken';

/** Every other typed command (the Record makes the compiler list a new one here), with any arguments: the token check comes first. */
const GUARDED_COMMANDS: Record<Exclude<keyof HarnessClient, OpenCommands>, (client: HarnessClient) => Promise<unknown>> = {
  getStats: (c) => c.getStats(),
  getSnapshot: (c) => c.getSnapshot(),
  getClusterMetadata: (c) => c.getClusterMetadata(),
  getClient: (c) => c.getClient(1),
  getClients: (c) => c.getClients(),
  getUser: (c) => c.getUser(0),
  getUsers: (c) => c.getUsers(),
  createUser: (c) => c.createUser({ username: 'sneaky', password: 'sneaky-pass' }),
  deleteUser: (c) => c.deleteUser(1),
  updateUser: (c) => c.updateUser({ userId: 1, username: 'renamed' }),
  updatePermissions: (c) => c.updatePermissions(1, null),
  changePassword: (c) => c.changePassword(0, 'iggy', 'stolen'),
  logout: (c) => c.logout(),
  getPersonalAccessTokens: (c) => c.getPersonalAccessTokens(),
  createPersonalAccessToken: (c) => c.createPersonalAccessToken('sneaky'),
  deletePersonalAccessToken: (c) => c.deletePersonalAccessToken('sneaky'),
  pollMessages: (c) =>
    c.pollMessages({ consumer: Consumer.single(1), streamId: 1, topicId: 1, partitionId: 0, strategy: PollingStrategy.offset(0n), count: 1, autoCommit: false }),
  sendMessages: (c) => c.sendMessages({ streamId: 1, topicId: 1, partitioning: Partitioning.partitionId(0), messages: [{ payload: Buffer.from('x') }] }),
  flushUnsavedBuffer: (c) => c.flushUnsavedBuffer(1, 1, 0, false),
  getConsumerOffset: (c) => c.getConsumerOffset({ consumer: Consumer.single(1), streamId: 1, topicId: 1, partitionId: 0 }),
  storeConsumerOffset: (c) => c.storeConsumerOffset({ consumer: Consumer.single(1), streamId: 1, topicId: 1, partitionId: 0, offset: 0n }),
  deleteConsumerOffset: (c) => c.deleteConsumerOffset({ consumer: Consumer.single(1), streamId: 1, topicId: 1, partitionId: 0 }),
  getStream: (c) => c.getStream(1),
  getStreams: (c) => c.getStreams(),
  createStream: (c) => c.createStream('sneaky'),
  deleteStream: (c) => c.deleteStream(1),
  updateStream: (c) => c.updateStream(1, 'renamed'),
  purgeStream: (c) => c.purgeStream(1),
  getTopic: (c) => c.getTopic(1, 1),
  getTopics: (c) => c.getTopics(1),
  createTopic: (c) => c.createTopic({ streamId: 1, name: 'sneaky', partitionsCount: 1 }),
  deleteTopic: (c) => c.deleteTopic(1, 1),
  updateTopic: (c) => c.updateTopic({ streamId: 1, topicId: 1, name: 'renamed' }),
  purgeTopic: (c) => c.purgeTopic(1, 1),
  createPartitions: (c) => c.createPartitions(1, 1, 1),
  deletePartitions: (c) => c.deletePartitions(1, 1, 1),
  deleteSegments: (c) => c.deleteSegments(1, 1, 0, 1),
  getConsumerGroup: (c) => c.getConsumerGroup(1, 1, 1),
  getConsumerGroups: (c) => c.getConsumerGroups(1, 1),
  createConsumerGroup: (c) => c.createConsumerGroup(1, 1, 'sneaky'),
  deleteConsumerGroup: (c) => c.deleteConsumerGroup(1, 1, 1),
};

describe('commands before login', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('answers 40 to every command except ping and the two logins', { skip: RAW_FRAMES }, async () => {
    const client = await connectPlain(server);
    try {
      const wrong: string[] = [];
      for (const [name, code] of Object.entries(CommandCode)) {
        if (OPEN_COMMANDS.has(code)) continue;
        const { status } = await client.sendRaw(code);
        if (status !== ErrorCode.Unauthenticated) wrong.push(`${name} (${code}): ${status}`);
      }
      assert.deepEqual(wrong, []);
      assert.equal((await client.sendRaw(CommandCode.Ping)).status, 0);
      assert.equal(await client.login('iggy', 'iggy'), 0);
      assert.equal((await client.sendRaw(CommandCode.GetUsers)).status, 0);
    } finally {
      await client.close();
    }
  });

  it('is unauthenticated again after logout', { skip: RAW_FRAMES }, async () => {
    const client = await connectPlain(server, { username: 'iggy', password: 'iggy' });
    try {
      await client.logout();
      assert.equal((await client.sendRaw(CommandCode.GetMe)).status, ErrorCode.Unauthenticated);
      assert.equal((await client.sendRaw(CommandCode.Ping)).status, 0);
    } finally {
      await client.close();
    }
  });

  if (harnessTransport() === 'http') {
    it('over HTTP: every typed command but ping and the logins answers 40 without a token, and works after login', async () => {
      const client = await connectClient(server);
      const wrong: string[] = [];
      for (const [name, run] of Object.entries(GUARDED_COMMANDS)) {
        const code = await errorCodeOf(run(client));
        if (code !== ErrorCode.Unauthenticated) wrong.push(`${name}: ${code}`);
      }
      assert.deepEqual(wrong, []);
      await client.ping();
      assert.equal(await client.login('iggy', 'iggy'), 0);
      assert.deepEqual((await client.getUsers()).map((user) => user.username), ['iggy']);
      await client.logout();
      assert.equal(await errorCodeOf(client.getUsers()), ErrorCode.Unauthenticated, 'after logout');
    });
  }
});
