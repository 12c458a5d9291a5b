// [tcp.socket] with override_defaults and tcp.ipv6 through a real server: the options are taken
// without a "no effect" warning and the connection works with Nagle on, keepalive and linger;
// tcp.ipv6 = true with an IPv4 address stops start-up naming the key. (The values reaching the
// kernel socket are checked in test/unit/platform/tcp-socket-options.test.ts.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { assertPolledMatch, buildMessages } from '../../helpers/messages.js';
import { startTestServer } from '../../helpers/test-server.js';

test('tcp.socket override_defaults: options applied, traffic flows', { timeout: 60_000 }, async (t) => {
  const server = await startTestServer({
    env: {
      IGGY_TCP_SOCKET_OVERRIDE_DEFAULTS: 'true',
      IGGY_TCP_SOCKET_RECV_BUFFER_SIZE: '64 KiB',
      IGGY_TCP_SOCKET_SEND_BUFFER_SIZE: '64 KiB',
      IGGY_TCP_SOCKET_KEEPALIVE: 'true',
      IGGY_TCP_SOCKET_NODELAY: 'false',
      IGGY_TCP_SOCKET_LINGER: '1 s',
    },
  });
  t.after(() => server.stop());
  const client = await server.client();
  await client.createStream('sockets');
  await client.createTopic({ streamId: 'sockets', name: 'events', partitionsCount: 1 });
  const sent = buildMessages(2000, 100);
  for (let at = 0; at < sent.length; at += 500) {
    await client.sendMessages({ streamId: 'sockets', topicId: 'events', partitioning: Partitioning.partitionId(0), messages: sent.slice(at, at + 500) });
  }
  const polled = await client.pollMessages({ consumer: Consumer.single(1), streamId: 'sockets', topicId: 'events', partitionId: 0, strategy: PollingStrategy.offset(0n), count: 2000, autoCommit: false });
  assertPolledMatch(polled.messages, sent, { firstOffset: 0n });
  assert.ok(!server.stdout().includes('tcp.socket has no effect'));
  assert.ok(!server.stdout().includes('cannot be set on this platform'));
});

test('tcp.ipv6 = true with an IPv4 address stops start-up naming tcp.ipv6', { timeout: 60_000 }, async () => {
  await assert.rejects(startTestServer({ env: { IGGY_TCP_IPV6: 'true' } }), /tcp\.ipv6/);
});
