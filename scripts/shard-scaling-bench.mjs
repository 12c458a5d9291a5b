#!/usr/bin/env node
// Shard scaling figures for benchmarks/RESULTS.md (issue 3): aggregate send throughput of N
// producers, each on its own connection sending pre-built batches to its own partition, against a
// server started here with a given shard count and socket-migration setting. Each producer runs
// in its own worker thread so the client side is not one event loop.
//
//   node scripts/shard-scaling-bench.mjs [--seconds 5] [--producers 2] [--message-size 1000] [--batch 1000]
//
// Prints one line per configuration: shards, migration, MB/s, msgs/s, forwarded and migrated counts.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import net from 'node:net';

const root = new URL('..', import.meta.url).pathname;
const protocolUrl = new URL('../packages/protocol/dist/src/index.js', import.meta.url).href;

if (!isMainThread) {
  const P = await import(protocolUrl);
  const { host, port, partitionId, seconds, messageSize, batchSize } = workerData;
  const socket = net.connect({ host, port });
  socket.setNoDelay(true);
  await new Promise((resolve) => socket.once('connect', resolve));
  const reader = new P.ResponseFrameReader(1 << 20);
  let waiting = null;
  socket.on('data', (chunk) => { for (const frame of reader.push(chunk)) { const w = waiting; waiting = null; w(frame.status); } });
  const call = (frame) => new Promise((resolve) => { waiting = resolve; socket.write(frame); });
  const login = await call(P.encodeRequestFrame(P.CommandCode.LoginUser, P.encodeLoginUserRequest({ username: 'iggy', password: 'iggy' })));
  if (login !== 0) throw new Error(`login ${login}`);
  const messages = Array.from({ length: batchSize }, () => ({ payload: Buffer.alloc(messageSize, 7) }));
  const frame = P.encodeRequestFrame(P.CommandCode.SendMessages, P.encodeSendMessagesRequest({ streamId: 'bench', topicId: 'scaling', partitioning: { kind: 'partition_id', partitionId }, messages }));
  const deadline = Date.now() + seconds * 1000;
  let batches = 0;
  while (Date.now() < deadline) {
    const status = await call(frame);
    if (status !== 0) throw new Error(`send status ${status}`);
    batches++;
  }
  socket.destroy();
  parentPort.postMessage({ batches });
} else {
  const { values } = parseArgs({ options: { seconds: { type: 'string', default: '5' }, producers: { type: 'string', default: '2' }, 'message-size': { type: 'string', default: '1000' }, batch: { type: 'string', default: '1000' } } });
  const seconds = Number(values.seconds), producers = Number(values.producers), messageSize = Number(values['message-size']), batchSize = Number(values.batch);
  const { partitionKey, partitionOwnerShard } = await import(new URL('../packages/server/dist/src/bus/namespace.js', import.meta.url).href);
  const { IggyClient } = await import(new URL('../packages/sdk/dist/src/index.js', import.meta.url).href);

  async function startServer(env) {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'iggy-scaling-'));
    const child = spawn(process.execPath, [path.join(root, 'packages/server/dist/src/main.js'), '--with-default-root-credentials'], {
      env: { ...process.env, IGGY_SYSTEM_PATH: dataDir, IGGY_TCP_ADDRESS: '127.0.0.1:0', IGGY_HTTP_ADDRESS: '127.0.0.1:0', IGGY_SYSTEM_LOGGING_LEVEL: 'warn', ...env },
      stdio: 'ignore',
    });
    const config = path.join(dataDir, 'runtime', 'current_config.toml');
    for (let i = 0; i < 600 && !existsSync(config); i++) await new Promise((r) => setTimeout(r, 50));
    const text = readFileSync(config, 'utf8');
    const tcp = /\[tcp\][^[]*?address = "([^"]+)"/s.exec(text)[1];
    const http = /\[http\][^[]*?address = "([^"]+)"/s.exec(text)[1];
    return { child, dataDir, tcp, http };
  }

  async function counter(http, name) {
    const text = await (await fetch(`http://${http}/metrics`)).text();
    return text.split('\n').filter((l) => l.startsWith(`${name}{`)).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  }

  async function run(shards, migration) {
    const server = await startServer({ IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: String(shards), IGGY_TCP_SOCKET_MIGRATION: String(migration) });
    const [host, port] = server.tcp.split(':');
    const admin = new IggyClient({ host, port: Number(port), credentials: { username: 'iggy', password: 'iggy' } });
    await admin.connect();
    await admin.createStream('bench');
    await admin.createTopic({ streamId: 'bench', name: 'scaling', partitionsCount: 8 });
    // Partitions owned by different shards (as counted with 2 shards), one per producer.
    const byOwner = [[], []];
    for (let p = 0; p < 8; p++) byOwner[partitionOwnerShard(partitionKey(0, 0, p), 2)].push(p);
    const partitions = Array.from({ length: producers }, (_, i) => byOwner[i % 2][Math.floor(i / 2)]);
    const started = process.hrtime.bigint();
    const results = await Promise.all(partitions.map((partitionId) => new Promise((resolve, reject) => {
      const worker = new Worker(new URL(import.meta.url), { workerData: { host, port: Number(port), partitionId, seconds, messageSize, batchSize } });
      worker.once('message', resolve);
      worker.once('error', reject);
    })));
    const elapsedS = Number(process.hrtime.bigint() - started) / 1e9;
    const forwarded = await counter(server.http, 'iggy_requests_forwarded_total');
    const migrated = await counter(server.http, 'iggy_connections_migrated_out_total');
    await admin.close();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    rmSync(server.dataDir, { recursive: true, force: true });
    const batches = results.reduce((s, r) => s + r.batches, 0);
    const messagesPerS = (batches * batchSize) / elapsedS;
    return { shards, migration, msgsPerS: Math.round(messagesPerS), mbPerS: +((messagesPerS * messageSize) / 1e6).toFixed(1), forwarded, migrated };
  }

  const rows = [];
  for (const [shards, migration] of [[1, false], [2, false], [2, true]]) {
    const row = await run(shards, migration);
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  const base = rows[0].msgsPerS;
  for (const row of rows) console.log(`shards=${row.shards} migration=${row.migration}: ${row.mbPerS} MB/s, ${row.msgsPerS} msgs/s, ${(row.msgsPerS / base).toFixed(2)}x of 1 shard, forwarded=${row.forwarded}, migrated=${row.migrated}`);
}
