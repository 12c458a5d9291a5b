// A real Prometheus scraping a 2-shard server sees Iggy's metric names with the server's totals:
// what operators' dashboards and alerts query. Method: Debian's prometheus on a free port and a
// temp dir, 1 s scrapes; produce to partitions on both shards and consume; poll Prometheus' HTTP
// API until the last scrape shows the counts we made.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { buildMessages } from '../../helpers/messages.js';
import { prometheusUnavailable, startPrometheus } from '../../helpers/prometheus.js';
import { httpAddressOf } from '../../helpers/scrape-metrics.js';
import { startTestServer } from '../../helpers/test-server.js';

const unavailable = prometheusUnavailable();
/** dist/test/integration/observability/ -> repository root. */
const DASHBOARD_PATH = fileURLToPath(new URL('../../../../../../docker/grafana/dashboards/iggy.json', import.meta.url));

test('metrics: Prometheus scrapes Iggy series with totals over 2 shards', { timeout: 120_000, skip: unavailable ?? false }, async (t) => {
  const server = await startTestServer({ shardCount: 2, env: { IGGY_HTTP_ENABLED: 'true', IGGY_HTTP_ADDRESS: '127.0.0.1:0' } });
  t.after(() => server.stop());
  const prometheus = await startPrometheus(await httpAddressOf(server));
  t.after(() => prometheus.stop());

  const client = await server.client();
  await client.createStream('scraped');
  await client.createTopic({ streamId: 'scraped', name: 'events', partitionsCount: 4 });
  for (let partitionId = 0; partitionId < 4; partitionId++) {
    await client.sendMessages({ streamId: 'scraped', topicId: 'events', partitioning: Partitioning.partitionId(partitionId), messages: buildMessages(25, 64) });
  }
  for (let partitionId = 0; partitionId < 4; partitionId++) {
    const polled = await client.pollMessages({ consumer: Consumer.single(7), streamId: 'scraped', topicId: 'events', partitionId, strategy: PollingStrategy.offset(0n), count: 10, autoCommit: false });
    assert.equal(polled.messages.length, 10);
  }

  const expected: Record<string, number> = {
    streams: 1,
    topics: 1,
    partitions: 4,
    messages: 100,
    users: 1,
    'sum(iggy_messages_sent_total)': 100,
    'sum(iggy_messages_polled_total)': 40,
    'count(iggy_shard_partitions_owned > 0)': 2,
    'sum(iggy_shard_partitions_owned)': 4,
  };
  const seen: Record<string, number | undefined> = {};
  const deadline = Date.now() + 60_000;
  for (;;) {
    for (const expression of Object.keys(expected)) {
      const result = await prometheus.query(expression);
      seen[expression] = result.length === 1 ? result[0]!.value : undefined;
    }
    if (Object.entries(expected).every(([e, v]) => seen[e] === v)) break;
    if (Date.now() > deadline) assert.deepEqual(seen, expected, 'Prometheus never saw the expected values');
    await new Promise((r) => setTimeout(r, 500));
  }
  // One series per Iggy name (a total, not one per shard), scraped from a healthy target.
  assert.equal((await prometheus.query('messages')).length, 1);
  assert.ok(((await prometheus.query('http_requests_total'))[0]?.value ?? 0) >= 1);
  assert.deepEqual((await prometheus.query('up')).map((s) => s.value), [1]);

  // Every query of the shipped Grafana dashboard is valid PromQL over our series, and the
  // gauges it charts exist.
  const dashboard = JSON.parse(await readFile(DASHBOARD_PATH, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
  for (const panel of dashboard.panels) {
    for (const target of panel.targets) {
      const result = await prometheus.query(target.expr);
      if (!target.expr.includes('rate(')) assert.ok(result.length > 0, `dashboard panel "${panel.title}": ${target.expr} has no data`);
    }
  }
});
