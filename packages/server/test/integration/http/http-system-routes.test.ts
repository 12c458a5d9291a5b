// HTTP system routes (http-api.md §4.1) on a real 2-shard server: plain-text answers, /metrics on
// the HTTP address, JSON shapes of /stats, /cluster/metadata and /clients (volatile numbers
// normalised, the rest compared byte for byte), 404s, the snapshot zip and the empty 401.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatF32 } from '@iggy-node/protocol';
import { httpCall, httpLogin, normalise, startHttpTestServer, type HttpTestServer } from '../../helpers/http-test-server.js';


describe('http: system routes', () => {
  let server: HttpTestServer;
  let token: string;

  before(async () => {
    server = await startHttpTestServer({ shardCount: 2 });
    token = await httpLogin(server.httpBase);
  });
  after(() => server.stop());

  it('/, /ping and /metrics are public plain text', async () => {
    const root = await httpCall(server.httpBase, 'GET', '/');
    assert.equal(root.status, 200);
    assert.equal(root.text, 'Iggy API');
    assert.equal((await httpCall(server.httpBase, 'GET', '/ping')).text, 'pong');
    const metrics = await httpCall(server.httpBase, 'GET', '/metrics');
    assert.equal(metrics.status, 200);
    // Iggy's counter, summed over the shards that served HTTP (this scrape is one of them).
    const served = /^http_requests_total (\d+)$/m.exec(metrics.text);
    assert.ok(served && Number(served[1]) >= 3, metrics.text.slice(0, 500));
  });

  it('anything else needs a token: empty 401', async () => {
    for (const path of ['/stats', '/clients', '/cluster/metadata', '/streams', '/nope']) {
      const answer = await httpCall(server.httpBase, 'GET', path);
      assert.equal(answer.status, 401, path);
      assert.equal(answer.text, '');
    }
  });

  it('/stats: every field of §5.9 in order, f32 and ByteSize as Iggy writes them', async () => {
    const answer = await httpCall(server.httpBase, 'GET', '/stats', { token });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'application/json');
    const keys = Object.keys(JSON.parse(answer.text) as object);
    assert.deepEqual(keys, [
      'process_id', 'cpu_usage', 'total_cpu_usage', 'memory_usage', 'total_memory', 'available_memory', 'run_time', 'start_time',
      'read_bytes', 'written_bytes', 'messages_size_bytes', 'streams_count', 'topics_count', 'partitions_count', 'segments_count',
      'messages_count', 'clients_count', 'consumer_groups_count', 'hostname', 'os_name', 'os_version', 'kernel_version',
      'iggy_server_version', 'iggy_server_semver', 'cache_metrics',
    ]);
    assert.match(answer.text, /"memory_usage":"\d+(\.\d{1,3})? (B|KB|KiB|MB|MiB|GB|GiB)"/);
    const cpu = /"cpu_usage":([^,]+),/.exec(answer.text)![1]!;
    assert.equal(cpu, formatF32(Number(cpu)), 'the shortest text of an f32');
    assert.match(answer.text, /"iggy_server_version":"0\.7\.0","iggy_server_semver":7000/);
  });

  it('/cluster/metadata and /clients (binary clients only; HTTP requests create none)', async () => {
    const cluster = await httpCall(server.httpBase, 'GET', '/cluster/metadata', { token });
    assert.equal(cluster.status, 200);
    assert.equal(
      normalise(cluster.text, ['tcp', 'quic', 'http', 'websocket']),
      '{"name":"single-node","nodes":[{"name":"iggy-node","ip":"127.0.0.1","endpoints":{"tcp":0,"quic":0,"http":0,"websocket":0},"role":"leader","status":"healthy"}]}',
    );
    const client = await server.binaryClient();
    const me = await client.getMe();
    const clients = await httpCall(server.httpBase, 'GET', '/clients', { token });
    assert.equal(clients.status, 200);
    const list = JSON.parse(clients.text) as { client_id: number; transport: string }[];
    // The harness client is TCP, or WebSocket in the transport-matrix pass.
    const harnessTransport = server.transport === 'ws' ? 'ws' : 'tcp';
    assert.deepEqual(list.map((c) => c.transport), [harnessTransport], 'only the harness client; no HTTP request became a client');
    const one = await httpCall(server.httpBase, 'GET', `/clients/${me.clientId}`, { token });
    assert.equal(one.status, 200);
    assert.equal(
      normalise(one.text, ['client_id']).replace(/"address":"[^"]+"/, '"address":"x"'),
      `{"client_id":0,"user_id":0,"address":"x","transport":"${harnessTransport}","consumer_groups_count":0,"consumer_groups":[]}`,
    );
    const missing = await httpCall(server.httpBase, 'GET', '/clients/999999', { token });
    assert.equal(missing.status, 404);
    assert.equal(missing.text, '{"id":404,"code":"not_found","reason":"Resource not found","field":null}');
    assert.equal((await httpCall(server.httpBase, 'GET', '/clients/abc', { token })).status, 400);
  });

  it('/snapshot answers a zip; bad types are 400', async () => {
    const answer = await fetch(`${server.httpBase}/snapshot`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ snapshot_types: ['Test'], compression: 'Deflated' }),
    });
    assert.equal(answer.status, 200);
    assert.equal(answer.headers.get('content-type'), 'application/zip');
    assert.match(answer.headers.get('content-disposition')!, /^attachment; filename="iggy_snapshot_\d{8}_\d{6}\.zip"$/);
    const bytes = Buffer.from(await answer.arrayBuffer());
    assert.equal(bytes.readUInt32LE(0), 0x04034b50, 'zip local file header');
    const bad = await httpCall(server.httpBase, 'POST', '/snapshot', { token, body: '{"snapshot_types":["All","Test"],"compression":"Stored"}' });
    assert.equal(bad.status, 400);
    assert.equal((JSON.parse(bad.text) as { id: number }).id, 3);
  });
});
