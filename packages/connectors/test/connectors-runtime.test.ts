// The runtime with a local plugin module (ESM import of a file next to the connector config)
// whose first writes fail: the batch is retried with backoff and nothing is lost; the status
// API (api-key protected) reports connectors, errors and metrics.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { startIggyServer, type IggyTestServer } from './helpers/iggy-server.js';
import { killRuntimes, startRuntime } from './helpers/runtime-process.js';

const WAIT_DEADLINE_MS = 120_000;
const TOTAL = 200;
const API_KEY = 'secret-key';

let iggy: IggyTestServer;
let dir: string;
before(async () => {
  iggy = await startIggyServer();
  dir = mkdtempSync(join(tmpdir(), 'iggy-connectors-runtime-'));
});
after(async () => {
  await killRuntimes();
  await iggy?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const FLAKY_SINK_MODULE = `
import { appendFileSync } from 'node:fs';
let calls = 0;
export default {
  type: 'sink',
  create(context) {
    const out = context.config.out;
    return {
      async consume(topic, metadata, messages) {
        calls++;
        if (calls <= context.config.fail_first) throw new Error('target unavailable (call ' + calls + ')');
        appendFileSync(out, messages.map((m) => JSON.stringify({ seq: m.json.seq, stream: topic.stream, partition: metadata.partitionId })).join('\\n') + '\\n');
      },
    };
  },
};
`;

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { 'api-key': API_KEY } });
  assert.equal(response.status, 200, `${url} answers 200`);
  return response.json();
}

test('a local plugin that fails at first gets every message; the status API reports it', async () => {
  const out = join(dir, 'seen.jsonl');
  writeFileSync(join(dir, 'flaky-sink.mjs'), FLAKY_SINK_MODULE);
  const configPath = join(dir, 'config.json');
  writeFileSync(
    configPath,
    JSON.stringify({
      http: { enabled: true, address: '127.0.0.1:0', api_key: API_KEY, metrics: { enabled: true, endpoint: '/metrics' } },
      iggy: { address: iggy.tcpAddress, username: 'iggy', password: 'iggy' },
      state: { path: 'state' },
      connectors: { config_type: 'local', config_dir: '.' },
      retry: { initial_delay: '20ms', max_delay: '200ms' },
    }),
  );
  writeFileSync(
    join(dir, 'random_source.toml'),
    `type = "source"\nkey = "random"\n[[streams]]\nstream = "rt"\ntopic = "numbers"\nschema = "json"\nbatch_length = 50\n[plugin_config]\ninterval = "5ms"\nmax_count = ${TOTAL}\nmessages_range = [5, 20]\npayload_size = 8\n`,
  );
  writeFileSync(
    join(dir, 'flaky_sink.toml'),
    `type = "sink"\nkey = "flaky"\nname = "Flaky sink"\npath = "./flaky-sink.mjs"\n[[streams]]\nstream = "rt"\ntopics = ["numbers"]\nschema = "json"\nbatch_length = 30\npoll_interval = "5ms"\nconsumer_group = "flaky"\n` +
      `[plugin_config]\nout = "${out}"\nfail_first = 3\n[transforms.filter_fields]\nenabled = true\nkeep_fields = ["seq"]\n`,
  );

  const runtime = await startRuntime(configPath);
  const seen = () => (existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as { seq: number; stream: string }) : []);
  const deadline = Date.now() + WAIT_DEADLINE_MS;
  while (new Set(seen().map((s) => s.seq)).size < TOTAL) {
    if (Date.now() > deadline) throw new Error(`not every message arrived:\n${runtime.output()}`);
    await sleep(100);
  }

  const unauthorized = await fetch(`${runtime.apiUrl}/health`);
  assert.equal(unauthorized.status, 401, 'requests without the api-key are refused');
  assert.deepEqual(await getJson(`${runtime.apiUrl}/health`), { status: 'healthy' });
  const sinks = (await getJson(`${runtime.apiUrl}/sinks`)) as { key: string; name: string; status: string; path: string; last_error?: { message: string } }[];
  assert.equal(sinks.length, 1);
  assert.equal(sinks[0]!.key, 'flaky');
  assert.equal(sinks[0]!.status, 'running');
  assert.match(sinks[0]!.last_error!.message, /target unavailable/);
  const details = (await getJson(`${runtime.apiUrl}/sinks/flaky`)) as { streams: { consumer_group: string }[] };
  assert.equal(details.streams[0]!.consumer_group, 'flaky');
  const transforms = (await getJson(`${runtime.apiUrl}/sinks/flaky/transforms`)) as { type: string }[];
  assert.deepEqual(transforms.map((t) => t.type), ['filter_fields']);
  const stats = (await getJson(`${runtime.apiUrl}/stats`)) as { sinks_total: number; sources_total: number; connectors: { key: string; errors: number; messages_processed?: number; messages_sent?: number }[] };
  assert.equal(stats.sinks_total, 1);
  assert.equal(stats.sources_total, 1);
  const sinkStats = stats.connectors.find((c) => c.key === 'flaky')!;
  assert.ok(sinkStats.errors >= 3, `the three failures are counted (${sinkStats.errors})`);
  assert.ok(sinkStats.messages_processed! >= TOTAL);
  assert.equal(stats.connectors.find((c) => c.key === 'random')!.messages_sent, TOTAL);
  const metrics = await (await fetch(`${runtime.apiUrl}/metrics`, { headers: { 'api-key': API_KEY } })).text();
  assert.match(metrics, /iggy_connector_messages_sent_total\{connector_key="random",connector_type="source"\} 200/);
  assert.equal((await fetch(`${runtime.apiUrl}/sinks/flaky/configs`, { method: 'POST', headers: { 'api-key': API_KEY } })).status, 405);
  assert.equal(await runtime.stop(), 0);

  const records = seen();
  assert.deepEqual([...new Set(records.map((r) => r.seq))].sort((a, b) => a - b), Array.from({ length: TOTAL }, (_, i) => i + 1));
  assert.ok(records.every((r) => r.stream === 'rt'));
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

test('the Iggy server restarting mid-stream loses nothing (random source -> file sink)', async () => {
  const RESTART_TOTAL = 600;
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'iggy-connectors-server-'));
  const work = join(dir, 'restart');
  mkdirSync(join(work, 'connectors'), { recursive: true });
  const out = join(work, 'out.jsonl');
  const env = { IGGY_TCP_ADDRESS: `127.0.0.1:${port}` };
  let server = await startIggyServer({ env, dataDir });
  try {
    const configPath = join(work, 'config.toml');
    writeFileSync(
      configPath,
      `[http]\naddress = "127.0.0.1:0"\n[iggy]\naddress = "127.0.0.1:${port}"\n[state]\npath = "state"\n[connectors]\nconfig_dir = "connectors"\n[retry]\ninitial_delay = "50ms"\nmax_delay = "500ms"\n`,
    );
    // At most 20 messages per 50 ms: at least 1.5 s of production, so the restart comes mid-stream.
    writeFileSync(
      join(work, 'connectors', 'random_source.toml'),
      `key = "random"\n[[streams]]\nstream = "rs"\ntopic = "numbers"\n[plugin_config]\ninterval = "50ms"\nmax_count = ${RESTART_TOTAL}\nmessages_range = [5, 20]\npayload_size = 8\n`,
    );
    writeFileSync(
      join(work, 'connectors', 'file_sink.toml'),
      `key = "file"\n[[streams]]\nstream = "rs"\ntopics = ["numbers"]\nconsumer_group = "file"\n[plugin_config]\npath = "${out}"\n`,
    );
    const seqs = () => new Set(existsSync(out) ? readFileSync(out, 'utf8').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { payload: { seq: number } }).payload.seq) : []);
    const runtime = await startRuntime(configPath);
    const waitForSeqs = async (count: number) => {
      const deadline = Date.now() + WAIT_DEADLINE_MS;
      while (seqs().size < count) {
        if (Date.now() > deadline) throw new Error(`only ${seqs().size} of ${count} messages arrived:\n${runtime.output()}`);
        await sleep(100);
      }
    };
    await waitForSeqs(50);
    assert.equal(await server.stop(), 0);
    const beforeRestart = seqs().size;
    assert.ok(beforeRestart < RESTART_TOTAL, 'the restart comes mid-stream');
    await sleep(1000);
    server = await startIggyServer({ env, dataDir });
    await waitForSeqs(RESTART_TOTAL);
    assert.equal(await runtime.stop(), 0);
    assert.deepEqual([...seqs()].sort((a, b) => a - b), Array.from({ length: RESTART_TOTAL }, (_, i) => i + 1));
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
