// Goal: only Ping, LoginUser and LoginWithPersonalAccessToken work before login (§6.1). Method:
// a fresh connection sends every other command code (with an empty payload: the login check
// comes before parsing) and must get 40 each time, keep its connection, and still log in after.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CommandCode, ErrorCode } from '@iggy-node/protocol';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { connectPlain } from './user-test-support.js';

const OPEN_COMMANDS = new Set<number>([CommandCode.Ping, CommandCode.LoginUser, CommandCode.LoginWithPersonalAccessToken]);

describe('commands before login', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('answers 40 to every command except ping and the two logins', async () => {
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

  it('is unauthenticated again after logout', async () => {
    const client = await connectPlain(server, { username: 'iggy', password: 'iggy' });
    try {
      await client.logout();
      assert.equal((await client.sendRaw(CommandCode.GetMe)).status, ErrorCode.Unauthenticated);
      assert.equal((await client.sendRaw(CommandCode.Ping)).status, 0);
    } finally {
      await client.close();
    }
  });
});
