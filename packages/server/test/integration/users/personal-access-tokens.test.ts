// Goal: personal access tokens as in Iggy 0.7 (§13.8-13.10, server-semantics §5.6): returned
// once, listed per user, login by token, limits, expiry, deletion and the periodic cleaner.
// Method: a real server with a small token limit and a fast cleaner, driven by the SDK over the
// harness transport (HTTP included).
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { ErrorCode } from '@iggy-node/protocol';
import { startTestServer, type HarnessClient, type TestServer } from '../../helpers/test-server.js';
import { connectClient } from '../../helpers/test-transport.js';
import { errorCodeOf } from './user-test-support.js';

const MAX_TOKENS_PER_USER = 3;
const CLEANER_WAIT_MS_MAX = 15_000;

describe('personal access tokens', () => {
  let server: TestServer;
  let root: HarnessClient;
  before(async () => {
    server = await startTestServer({
      env: {
        IGGY_PERSONAL_ACCESS_TOKEN_MAX_TOKENS_PER_USER: String(MAX_TOKENS_PER_USER),
        IGGY_PERSONAL_ACCESS_TOKEN_CLEANER_ENABLED: 'true',
        IGGY_PERSONAL_ACCESS_TOKEN_CLEANER_INTERVAL: '100 ms',
      },
    });
    root = await server.client();
  });
  after(() => server.stop());

  it('creates, lists (own tokens only), logs in with and deletes a token', async () => {
    const user = await root.createUser({ username: 'pat-user', password: 'pat-pass' });
    const owner = await connectClient(server, { username: 'pat-user', password: 'pat-pass' });
    try {
      const token = await owner.createPersonalAccessToken('main-token');
      assert.equal(token.length, 68);
      assert.equal(await errorCodeOf(owner.createPersonalAccessToken('main-token')), ErrorCode.PersonalAccessTokenAlreadyExists);
      assert.deepEqual(await owner.getPersonalAccessTokens(), [{ name: 'main-token', expiryAt: 0n }]);
      assert.deepEqual(await root.getPersonalAccessTokens(), []);

      const byToken = await connectClient(server);
      try {
        assert.equal(await byToken.loginWithPersonalAccessToken(token), user.id);
        // The session acts as the token's owner: it lists the owner's tokens (root has none).
        assert.deepEqual(await byToken.getPersonalAccessTokens(), [{ name: 'main-token', expiryAt: 0n }]);
      } finally {
        await byToken.close();
      }

      await owner.deletePersonalAccessToken('main-token');
      assert.equal(await errorCodeOf(owner.deletePersonalAccessToken('main-token')), ErrorCode.ResourceNotFound);
      const after = await connectClient(server);
      try {
        assert.equal(await errorCodeOf(after.loginWithPersonalAccessToken(token)), ErrorCode.ResourceNotFound);
      } finally {
        await after.close();
      }
    } finally {
      await owner.close();
    }
  });

  it('enforces max_tokens_per_user', async () => {
    for (let index = 0; index < MAX_TOKENS_PER_USER; index++) await root.createPersonalAccessToken(`limit-${index}`);
    assert.equal(await errorCodeOf(root.createPersonalAccessToken('limit-extra')), ErrorCode.PersonalAccessTokensLimitReached);
    for (let index = 0; index < MAX_TOKENS_PER_USER; index++) await root.deletePersonalAccessToken(`limit-${index}`);
  });

  it('refuses an expired token and the cleaner removes it', async () => {
    const expiryMicros = 1_000n; // 1 ms
    const token = await root.createPersonalAccessToken('short-lived', expiryMicros);
    await sleep(5);
    const client = await connectClient(server);
    try {
      const code = await errorCodeOf(client.loginWithPersonalAccessToken(token));
      // Expired (54) until the cleaner runs, unknown (20) afterwards: either way no login.
      assert.ok(code === ErrorCode.PersonalAccessTokenExpired || code === ErrorCode.ResourceNotFound, `code ${code}`);
    } finally {
      await client.close();
    }
    const deadline = Date.now() + CLEANER_WAIT_MS_MAX;
    while ((await root.getPersonalAccessTokens()).some((t) => t.name === 'short-lived')) {
      assert.ok(Date.now() < deadline, 'the cleaner did not remove the expired token');
      await sleep(50);
    }
  });

  it('reports expiry as µs since the epoch', async () => {
    const before = BigInt(Date.now()) * 1000n;
    await root.createPersonalAccessToken('dated', 3_600_000_000n);
    const listed = (await root.getPersonalAccessTokens()).find((t) => t.name === 'dated');
    assert.ok(listed);
    assert.ok(listed.expiryAt >= before + 3_600_000_000n && listed.expiryAt < before + 3_700_000_000n);
    await root.deletePersonalAccessToken('dated');
  });
});
