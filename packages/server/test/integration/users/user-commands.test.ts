// Goal: user commands behave as Iggy 0.7 (§13, server-semantics §5.3): details in responses,
// not-found as empty OK, root protections, and deleted or inactive users cannot log in. Method:
// a real server driven by the SDK as root and as the users it creates, over the harness transport
// (HTTP included); only the session that must see its connection closed is a binary client.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, UserStatus, allGlobalPermissions, type Permissions } from '@iggy-node/protocol';
import { startTestServer, type HarnessClient, type TestServer } from '../../helpers/test-server.js';
import { connectBinaryClient, connectClient } from '../../helpers/test-transport.js';
import { errorCodeOf, noGlobal, noStream, noTopic } from './user-test-support.js';

describe('user commands', () => {
  let server: TestServer;
  let root: HarnessClient;
  before(async () => {
    server = await startTestServer();
    root = await server.client();
  });
  after(() => server.stop());

  it('creates, reads, updates and lists users', async () => {
    const permissions: Permissions = {
      global: { ...noGlobal(), readStreams: true },
      streams: new Map([[3, { ...noStream(new Map([[1, { ...noTopic(), sendMessages: true }]])), pollMessages: true }]]),
    };
    const created = await root.createUser({ username: 'alice', password: 'alice-pass', permissions });
    assert.equal(created.username, 'alice');
    assert.equal(created.status, UserStatus.Active);
    assert.deepEqual(created.permissions, permissions);
    assert.ok(created.id > 0);

    assert.deepEqual(await root.getUser('alice'), created);
    assert.deepEqual(await root.getUser(created.id), created);
    assert.equal(await root.getUser('nobody'), null);
    assert.equal(await root.getUser(999), null);
    assert.deepEqual(
      (await root.getUsers()).map((user) => user.username),
      ['iggy', 'alice'],
    );

    await root.updateUser({ userId: created.id, username: 'alice2', status: UserStatus.Inactive });
    const updated = await root.getUser('alice2');
    assert.equal(updated?.status, UserStatus.Inactive);
    assert.equal(await root.getUser('alice'), null);
    await root.updatePermissions('alice2', null);
    assert.equal((await root.getUser('alice2'))?.permissions, null);
    assert.equal(await errorCodeOf(root.createUser({ username: 'alice2', password: 'x-pass' })), ErrorCode.UserAlreadyExists);
  });

  it('refuses to delete root or change its permissions, and reports unknown users', async () => {
    assert.equal(await errorCodeOf(root.deleteUser(0)), ErrorCode.CannotDeleteUser);
    assert.equal(await errorCodeOf(root.updatePermissions(0, null)), ErrorCode.CannotChangePermissions);
    assert.equal(await errorCodeOf(root.deleteUser('ghost')), ErrorCode.ResourceNotFound);
    assert.equal(await errorCodeOf(root.updateUser({ userId: 'ghost', status: UserStatus.Active })), ErrorCode.ResourceNotFound);
    assert.equal(await errorCodeOf(root.changePassword('ghost', 'aaa', 'bbb')), ErrorCode.ResourceNotFound);
  });

  it('lets an unprivileged user read only itself, numeric ids checked before existence', async () => {
    const bob = await root.createUser({ username: 'bob', password: 'bob-pass' });
    const client = await connectClient(server, { username: 'bob', password: 'bob-pass' });
    try {
      assert.equal((await client.getUser('bob'))?.id, bob.id);
      assert.equal((await client.getUser(bob.id))?.username, 'bob');
      assert.equal(await errorCodeOf(client.getUser(0)), ErrorCode.Unauthorized);
      assert.equal(await errorCodeOf(client.getUser(4242)), ErrorCode.Unauthorized);
      assert.equal(await errorCodeOf(client.getUser('iggy')), ErrorCode.Unauthorized);
    } finally {
      await client.close();
    }
  });

  it('changes a password: the current one must verify, then only the new one logs in', async () => {
    await root.createUser({ username: 'carol', password: 'carol-old' });
    const client = await connectClient(server, { username: 'carol', password: 'carol-old' });
    try {
      assert.equal(await errorCodeOf(client.changePassword('carol', 'wrong-old', 'carol-new')), ErrorCode.InvalidCredentials);
      await client.changePassword('carol', 'carol-old', 'carol-new');
    } finally {
      await client.close();
    }
    const check = await connectClient(server);
    try {
      assert.equal(await errorCodeOf(check.login('carol', 'carol-old')), ErrorCode.InvalidCredentials);
      assert.ok((await check.login('carol', 'carol-new')) > 0);
    } finally {
      await check.close();
    }
  });

  it('refuses inactive users at login, by password and by token', async () => {
    const dave = await root.createUser({ username: 'dave', password: 'dave-pass' });
    const client = await connectClient(server, { username: 'dave', password: 'dave-pass' });
    const token = await client.createPersonalAccessToken('dave-token');
    await client.close();
    await root.updateUser({ userId: dave.id, status: UserStatus.Inactive });
    const check = await connectClient(server);
    try {
      assert.equal(await errorCodeOf(check.login('dave', 'dave-pass')), ErrorCode.UserInactive);
      assert.equal(await errorCodeOf(check.loginWithPersonalAccessToken(token)), ErrorCode.UserInactive);
      await root.createUser({ username: 'erin', password: 'erin-pass', status: UserStatus.Inactive });
      assert.equal(await errorCodeOf(check.login('erin', 'erin-pass')), ErrorCode.UserInactive);
      await root.updateUser({ userId: dave.id, status: UserStatus.Active });
      assert.equal(await check.login('dave', 'dave-pass'), dave.id);
    } finally {
      await check.close();
    }
  });

  it('disconnects a deleted user and refuses its password and tokens afterwards', { timeout: 30_000 }, async () => {
    const frank = await root.createUser({ username: 'frank', password: 'frank-pass', permissions: { global: allGlobalPermissions(), streams: new Map() } });
    const session = await connectBinaryClient(server, { username: 'frank', password: 'frank-pass' });
    const token = await session.createPersonalAccessToken('frank-token');
    // Over the harness transport too: over HTTP a session is a token, which must die with its user.
    const harnessSession = await connectClient(server, { username: 'frank', password: 'frank-pass' });
    assert.ok((await harnessSession.getUsers()).some((user) => user.username === 'frank'));
    const disconnected = once(session, 'disconnected');
    await root.deleteUser(frank.id);
    await disconnected;
    assert.equal(session.connected, false);
    await session.close();

    const check = await connectClient(server);
    try {
      assert.equal(await errorCodeOf(check.login('frank', 'frank-pass')), ErrorCode.InvalidCredentials);
      assert.equal(await errorCodeOf(check.loginWithPersonalAccessToken(token)), ErrorCode.ResourceNotFound);
      // A new user that reuses the id must not inherit anything from the old session.
      const next = await root.createUser({ username: 'grace', password: 'grace-pass' });
      assert.equal(next.id, frank.id, 'the id is reused');
      assert.equal(await check.login('grace', 'grace-pass'), next.id);
      assert.equal(await errorCodeOf(check.getUsers()), ErrorCode.Unauthorized);
      // The deleted user's session cannot act, neither as frank nor as grace.
      await assert.rejects(harnessSession.getUsers());
      await assert.rejects(harnessSession.createPersonalAccessToken('stolen'));
      assert.deepEqual(await check.getPersonalAccessTokens(), [], 'nothing was created for grace');
    } finally {
      await check.close();
    }
  });
});
