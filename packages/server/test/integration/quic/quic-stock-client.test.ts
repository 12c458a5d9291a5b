/**
 * Acceptance for QUIC (issue 11): a client that connects like the stock Iggy Rust SDK (quinn, no
 * ALPN, server certificate not validated, ECDSA P-256 signatures only, 100 KB windows, 1200-byte
 * initial MTU, 5 s keep-alive, 10 s idle timeout; one bidirectional stream per request) logs in,
 * creates a stream and a topic, sends and polls 10,000 messages with headers, every byte intact.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { Transport, type SendMessage } from '@iggy-node/protocol';
import { STOCK_CLIENT_TRANSPORT } from '@iggy-node/quic-native';
import { assertPolledMatch, buildMessages } from '../../helpers/messages.js';
import { quicUnavailable, startQuicTestServer, type QuicTestServer } from '../../helpers/quic-test-server.js';

const MESSAGES_COUNT = 10_000;
const BATCH_MESSAGES_COUNT = 1_000;
const MESSAGE_SIZE_BYTES = 200;
const PARTITIONS_COUNT = 2;
const unavailable = quicUnavailable();

let quic: QuicTestServer;

before(async () => {
  if (!unavailable) quic = await startQuicTestServer();
});

after(async () => {
  await quic?.server.stop();
});

test('a stock-like QUIC client sends and polls 10,000 messages with headers intact', { skip: unavailable ?? false }, async () => {
  const client = await quic.quicClient({ quic: { serverName: 'localhost', transport: STOCK_CLIENT_TRANSPORT } });
  const me = await client.getMe();
  assert.equal(me.transport, Transport.Quic, 'the server records the client as a QUIC client (transport 2)');

  await client.createStream('quic-acceptance');
  await client.createTopic({ streamId: 'quic-acceptance', name: 'events', partitionsCount: PARTITIONS_COUNT });

  const sent: SendMessage[][] = Array.from({ length: PARTITIONS_COUNT }, () => []);
  for (let first = 0; first < MESSAGES_COUNT; first += BATCH_MESSAGES_COUNT) {
    const partitionId = (first / BATCH_MESSAGES_COUNT) % PARTITIONS_COUNT;
    const messages = buildMessages(BATCH_MESSAGES_COUNT, MESSAGE_SIZE_BYTES, { firstIndex: first, prefix: 'quic' });
    await client.sendMessages({ streamId: 'quic-acceptance', topicId: 'events', partitioning: Partitioning.partitionId(partitionId), messages });
    sent[partitionId]!.push(...messages);
  }

  let polledTotal = 0;
  for (let partitionId = 0; partitionId < PARTITIONS_COUNT; partitionId++) {
    const expected = sent[partitionId]!;
    const polled = [];
    // Several polls per partition: each response (about 220 KB) exceeds the client's 100 KB window.
    while (polled.length < expected.length) {
      const response = await client.pollMessages({
        consumer: Consumer.single(1),
        streamId: 'quic-acceptance',
        topicId: 'events',
        partitionId,
        strategy: PollingStrategy.offset(BigInt(polled.length)),
        count: 2_500,
        autoCommit: false,
      });
      assert.ok(response.messages.length > 0, `partition ${partitionId}: poll at ${polled.length} returned nothing`);
      polled.push(...response.messages);
    }
    assertPolledMatch(polled, expected, { firstOffset: 0n });
    polledTotal += polled.length;
  }
  assert.equal(polledTotal, MESSAGES_COUNT);
});

test('a 1 MB batch (ten times the client window) is stored and read back whole', { skip: unavailable ?? false }, async () => {
  const client = await quic.quicClient();
  await client.createStream('quic-large');
  await client.createTopic({ streamId: 'quic-large', name: 'events', partitionsCount: 1 });
  const messages = buildMessages(16, 64 * 1024, { prefix: 'large' });
  await client.sendMessages({ streamId: 'quic-large', topicId: 'events', partitioning: Partitioning.partitionId(0), messages });
  const response = await client.pollMessages({
    consumer: Consumer.single(1),
    streamId: 'quic-large',
    topicId: 'events',
    partitionId: 0,
    strategy: PollingStrategy.offset(0n),
    count: 16,
    autoCommit: false,
  });
  assertPolledMatch(response.messages, messages, { firstOffset: 0n });
});
