// Goal: with [heartbeat] enabled the server closes connections that stop pinging and keeps
// those that ping (§6.5), and an evicted consumer-group member's partitions move to the members
// left (§5: eviction is the same clean-up as a disconnect). Method: one server with a 2 s
// interval (eviction after 2.4 s of silence), SDK clients that ping every 250 ms (ten times
// more often than needed, so a loaded 2-core machine does not evict them), silent connections
// that must be closed, and a logged-in group member that stops pinging.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { IggyClient } from '@iggy-node/sdk';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { binaryOnlyOverHttp, connectBinaryClient } from '../../helpers/test-transport.js';
import { waitFor } from '../consumer-groups/group-test-support.js';

const HEARTBEAT_INTERVAL = '2 s';
const PING_INTERVAL_MS = 250;
/** Eviction takes up to 1.2 x 2 s plus one check interval; this leaves a wide margin. */
const EVICTION_WAIT_MS = 30_000;

/** HTTP requests open no client entry and send no heartbeat: there is nothing to verify or evict. */
const OVER_HTTP = binaryOnlyOverHttp('the heartbeat verifier watches binary connections; an HTTP request has no connection, ping or group membership in Iggy 0.7');

describe('heartbeat verifier', { skip: OVER_HTTP }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { IGGY_HEARTBEAT_ENABLED: 'true', IGGY_HEARTBEAT_INTERVAL: HEARTBEAT_INTERVAL } });
  });
  after(() => server.stop());

  it('closes a silent connection and keeps a pinging one', { timeout: 30_000 }, async () => {
    const pinging = new IggyClient({
      host: server.host,
      port: server.port,
      credentials: { username: 'iggy', password: 'iggy' },
      reconnect: { enabled: false, retries: 0, intervalMs: 0 },
      heartbeatIntervalMs: PING_INTERVAL_MS,
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

  it('evicts a logged-in group member that stops pinging; its partitions move to the member left', { timeout: 60_000 }, async () => {
    const credentials = { username: 'iggy', password: 'iggy' };
    const staying = await connectBinaryClient(server, credentials, { heartbeatIntervalMs: PING_INTERVAL_MS });
    await staying.createStream('heartbeat');
    await staying.createTopic({ streamId: 'heartbeat', name: 'evict', partitionsCount: 2 });
    await staying.createConsumerGroup('heartbeat', 'evict', 'members');
    await staying.joinConsumerGroup('heartbeat', 'evict', 'members');
    // Pings once, joins at once, then never pings again (as a stalled process would).
    const stalling = await connectBinaryClient(server, credentials, { heartbeatIntervalMs: 0 });
    try {
      await stalling.ping();
      await stalling.joinConsumerGroup('heartbeat', 'evict', 'members');
      await waitFor(
        async () => {
          const group = await staying.getConsumerGroup('heartbeat', 'evict', 'members');
          return group?.membersCount === 1 && group.members[0]?.partitions.length === 2;
        },
        EVICTION_WAIT_MS,
        () => 'the silent member is still in the group, or its partition did not move',
      );
      const group = await staying.getConsumerGroup('heartbeat', 'evict', 'members');
      assert.deepEqual(group?.members.map((member) => [...member.partitions].sort()), [[0, 1]]);
      assert.equal(staying.connected, true, 'the pinging member is kept');
    } finally {
      await stalling.close().catch(() => {});
      await staying.close();
    }
  });
});
