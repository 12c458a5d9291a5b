// Goal: passwords and raw tokens are never written to disk or logs, and users, permissions and
// tokens survive a restart. Method: a trace-level server; create and change passwords, fail a
// login, create a token; stop with SIGTERM; grep every file of the data directory and the
// captured output for the secrets; start again on the same directory and log in. Over the
// harness transport (HTTP included: request bodies and tokens must not reach the logs either).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ErrorCode, UserStatus, type Permissions } from '@iggy-node/protocol';
import { createTestDataDir, startTestServer } from '../../helpers/test-server.js';
import { connectClient } from '../../helpers/test-transport.js';
import { errorCodeOf, noGlobal, noStream } from './user-test-support.js';

const FIRST_PASSWORD = 'Secret-First-7f3a91';
const SECOND_PASSWORD = 'Secret-Second-c2d84e';
const WRONG_PASSWORD = 'Secret-Wrong-99b1d0';
const INACTIVE_PASSWORD = 'Secret-Inactive-51ee0c';

function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const full = path.join(directory, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe('secrets and restart', () => {
  it('never stores or logs a password or raw token, and keeps users, permissions and tokens across a restart', async () => {
    const dataDir = createTestDataDir();
    try {
      const env = { IGGY_SYSTEM_LOGGING_LEVEL: 'trace', IGGY_SYSTEM_LOGGING_FILE_ENABLED: 'true' };
      const permissions: Permissions = {
        global: { ...noGlobal(), readUsers: true },
        streams: new Map([[5, { ...noStream(), sendMessages: true }]]),
      };
      const first = await startTestServer({ dataDir, env });
      let token: string;
      let output: string;
      try {
        const root = await first.client();
        await root.createUser({ username: 'keeper', password: FIRST_PASSWORD, permissions });
        await root.createUser({ username: 'sleeper', password: INACTIVE_PASSWORD, status: UserStatus.Inactive });
        await root.createUser({ username: 'goner', password: 'goner-pass' });
        await root.deleteUser('goner');
        const keeper = await connectClient(first, { username: 'keeper', password: FIRST_PASSWORD });
        await keeper.changePassword('keeper', FIRST_PASSWORD, SECOND_PASSWORD);
        token = await keeper.createPersonalAccessToken('kept-token');
        await keeper.close();
        const failing = await connectClient(first);
        assert.equal(await errorCodeOf(failing.login('keeper', WRONG_PASSWORD)), ErrorCode.InvalidCredentials);
        await failing.close();
      } finally {
        assert.equal(await first.stop('SIGTERM'), 0);
        output = first.stdout() + first.stderr();
      }

      const files = filesUnder(dataDir);
      assert.ok(files.some((file) => file.includes('state')), `no state file among ${files.join(', ')}`);
      for (const secret of [FIRST_PASSWORD, SECOND_PASSWORD, WRONG_PASSWORD, INACTIVE_PASSWORD, token]) {
        assert.ok(!output.includes(secret), `server output contains ${secret}`);
        for (const file of files) assert.ok(!readFileSync(file).includes(Buffer.from(secret)), `${file} contains ${secret}`);
      }

      const second = await startTestServer({ dataDir });
      try {
        const check = await connectClient(second);
        try {
          assert.equal(await errorCodeOf(check.login('keeper', FIRST_PASSWORD)), ErrorCode.InvalidCredentials);
          const keeperId = await check.login('keeper', SECOND_PASSWORD);
          const keeper = await check.getUser(keeperId);
          assert.deepEqual(keeper?.permissions, permissions);
          assert.deepEqual(await check.getPersonalAccessTokens(), [{ name: 'kept-token', expiryAt: 0n }]);
          assert.equal(await check.loginWithPersonalAccessToken(token), keeperId);
          assert.equal(await errorCodeOf(check.login('sleeper', INACTIVE_PASSWORD)), ErrorCode.UserInactive);
          assert.equal(await errorCodeOf(check.login('goner', 'goner-pass')), ErrorCode.InvalidCredentials);
        } finally {
          await check.close();
        }
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
