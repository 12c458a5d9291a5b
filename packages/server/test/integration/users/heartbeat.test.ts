// Goal: with [heartbeat] enabled the server closes connections that stop pinging and keeps
// those that ping (§6.5). Method: a server with a 300 ms interval, one silent raw socket and one
// SDK client pinging every 50 ms; the silent one must be closed, the other must keep working.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { IggyClient } from '@iggy-node/sdk';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

describe('heartbeat verifier', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { IGGY_HEARTBEAT_ENABLED: 'true', IGGY_HEARTBEAT_INTERVAL: '300 ms' } });
  });
  after(() => server.stop());

  it('closes a silent connection and keeps a pinging one', { timeout: 30_000 }, async () => {
    const pinging = new IggyClient({
      host: server.host,
      port: server.port,
      credentials: { username: 'iggy', password: 'iggy' },
      reconnect: { enabled: false, retries: 0, intervalMs: 0 },
      heartbeatIntervalMs: 50,
    });
    await pinging.connect();
    const silent = net.connect({ host: server.host, port: server.port });
    await once(silent, 'connect');
    try {
      await once(silent, 'close');
      assert.equal(pinging.connected, true);
      const me = await pinging.getMe();
      const clients = await pinging.getClients();
      assert.deepEqual(
        clients.map((client) => client.clientId),
        [me.clientId],
      );
    } finally {
      silent.destroy();
      await pinging.close();
    }
  });
});
