// /metrics carries Iggy 0.7's series (streams, topics, partitions, segments, messages, users,
// clients, http_requests_total) as server totals summed over shards, the same figures GetStats
// reports, plus our per-shard and per-topic series; OpenMetrics when the scraper asks. Method: a
// 2-shard server, partitions owned by both shards, known message counts, one scrape compared
// with the counts we made and with GetStats.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { buildMessages } from '../../helpers/messages.js';
import { scrapeMetrics } from '../../helpers/scrape-metrics.js';
import { startTestServer } from '../../helpers/test-server.js';

const HTTP_ENV = { IGGY_HTTP_ENABLED: 'true', IGGY_HTTP_ADDRESS: '127.0.0.1:0' };

test('metrics: Iggy series are server totals over 2 shards and match GetStats', { timeout: 120_000 }, async (t) => {
  const server = await startTestServer({ shardCount: 2, env: HTTP_ENV });
  t.after(() => server.stop());
  const client = await server.client();
  const second = await server.client();
  await client.createStream('orders');
  await client.createStream('audit');
  await client.createTopic({ streamId: 'orders', name: 'eu', partitionsCount: 4 });
  await client.createTopic({ streamId: 'orders', name: 'us', partitionsCount: 2 });
  await client.createTopic({ streamId: 'audit', name: 'log', partitionsCount: 1 });

  // 4 partitions of one topic land on both shards (spread placement), so both report messages.
  let sent = 0;
  for (let partitionId = 0; partitionId < 4; partitionId++) {
    const count = 10 * (partitionId + 1);
    await client.sendMessages({ streamId: 'orders', topicId: 'eu', partitioning: Partitioning.partitionId(partitionId), messages: buildMessages(count, 100) });
    sent += count;
  }
  await second.sendMessages({ streamId: 'audit', topicId: 'log', partitioning: Partitioning.partitionId(0), messages: buildMessages(7, 50) });
  sent += 7;
  const polled = await second.pollMessages({
    consumer: Consumer.single(1),
    streamId: 'orders',
    topicId: 'eu',
    partitionId: 3,
    strategy: PollingStrategy.offset(0n),
    count: 100,
    autoCommit: false,
  });
  assert.equal(polled.messages.length, 40);

  const scrape = await scrapeMetrics(server);
  const stats = await client.getStats();
  assert.equal(scrape.sum('streams'), 2);
  assert.equal(scrape.sum('topics'), 3);
  assert.equal(scrape.sum('partitions'), 7);
  assert.equal(scrape.sum('users'), 1);
  assert.equal(scrape.sum('messages'), sent);
  assert.equal(scrape.sum('clients'), 2);
  assert.ok(scrape.sum('segments') >= 7, 'every partition has an open segment');
  // Totals carry no shard label: one sample each, not one per shard.
  assert.match(scrape.text, /^messages \d+$/m);
  assert.match(scrape.text, /^# TYPE http_requests_total counter$/m);
  assert.ok(scrape.sum('http_requests_total') >= 1);

  // The same figures as GetStats.
  assert.equal(scrape.sum('streams'), stats.streamsCount);
  assert.equal(scrape.sum('topics'), stats.topicsCount);
  assert.equal(scrape.sum('partitions'), stats.partitionsCount);
  assert.equal(scrape.sum('segments'), stats.segmentsCount);
  assert.equal(BigInt(scrape.sum('messages')), stats.messagesCount);
  assert.equal(BigInt(scrape.sum('iggy_messages_size_bytes')), stats.messagesSizeBytes);
  assert.equal(scrape.sum('clients'), stats.clientsCount);

  // Ours: totals of the data path, per-shard detail, bounded per-topic series.
  assert.equal(scrape.sum('iggy_messages_sent_total'), sent);
  assert.equal(scrape.sum('iggy_messages_polled_total'), 40);
  assert.equal(scrape.sum('iggy_shard_partitions_owned'), 7);
  assert.ok(scrape.sum('iggy_shard_partitions_owned', { shard: '0' }) > 0 && scrape.sum('iggy_shard_partitions_owned', { shard: '1' }) > 0, 'both shards own partitions');
  assert.equal(scrape.sum('iggy_topic_messages', { stream: 'orders', topic: 'eu' }), 100);
  assert.equal(scrape.sum('iggy_topic_messages', { stream: 'audit', topic: 'log' }), 7);
  assert.ok(scrape.has('iggy_shard_event_loop_delay_seconds'));
  assert.ok(scrape.has('iggy_process_resident_memory_bytes'));

  const openMetrics = await scrapeMetrics(server, { accept: 'application/openmetrics-text; version=1.0.0' });
  assert.match(openMetrics.contentType, /^application\/openmetrics-text/);
  assert.ok(openMetrics.text.endsWith('# EOF\n'));
  assert.equal(openMetrics.sum('messages'), sent);
  assert.match(openMetrics.text, /^# TYPE http_requests counter$/m);
  assert.ok(openMetrics.sum('http_requests_total') >= 2);
});
