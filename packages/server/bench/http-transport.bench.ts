/**
 * Where should the HTTP API run? Measures requests/s of one workload — GET a 20-stream list
 * rendered with our JSON writer, POST a 10-message SendMessages body parsed and built into a
 * batch — served four ways on 2 shard workers:
 *   coordinator   node:http on the main thread, each request handed to a shard over a MessagePort
 *   shard-0       node:http in shard 0 only (Iggy 0.7's choice)
 *   every-shard   node:http in every shard, one SO_REUSEPORT socket each
 *   fastify       fastify (JSON schema serialisers off: our writer renders u64) in every shard
 * The load generator is a child process with 64 keep-alive connections.
 *
 * Run: npx tsc -p packages/server/bench && node packages/server/dist/bench/http-transport.bench.js
 * (fastify only when FASTIFY_PATH points at an installed fastify package; it is not a dependency.)
 */
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { MessageChannel, Worker, isMainThread, workerData, type MessagePort } from 'node:worker_threads';
import { buildMessagesBatch, parseJson, sendMessagesBodyFromJson, streamToJson, stringifyJson } from '@iggy-node/protocol';
import { createReusePortListenerFd, socketLocalAddress } from '../src/platform/reuse-port-socket.js';

const SHARDS = 2;
const CONNECTIONS = 64;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 4000);
const STREAMS = Array.from({ length: 20 }, (_, id) => ({ id, createdAt: 1700000000000000n, name: `stream-${id}`, sizeBytes: 3211776n, messagesCount: 18446744073709551615n, topicsCount: 3 }));
const SEND_BODY = stringifyJson({
  partitioning: { kind: 'balanced', value: '' },
  messages: Array.from({ length: 10 }, (_, id) => ({ id, payload: Buffer.alloc(100, id).toString('base64') })),
});

/** The work a route does, the same in every variant. */
function serve(method: string, body: string): { status: number; body: string } {
  if (method === 'GET') return { status: 200, body: stringifyJson(STREAMS.map(streamToJson)) };
  const parsed = sendMessagesBodyFromJson(parseJson(body));
  buildMessagesBatch(1, 1, parsed.partitioning, parsed.messages);
  return { status: 201, body: '' };
}

function nodeHandler(request: http.IncomingMessage, response: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const result = serve(request.method!, Buffer.concat(chunks).toString());
    response.writeHead(result.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(result.body) }).end(result.body);
  });
}

// ---- shard worker ----
async function shardMain(): Promise<void> {
  const { mode, fd, port, fastifyPath } = workerData as { mode: string; fd: number | null; port: MessagePort | null; fastifyPath: string | null };
  if (port) {
    port.on('message', (message: { id: number; method: string; body: string }) => port.postMessage({ id: message.id, ...serve(message.method, message.body) }));
    return;
  }
  if (mode === 'fastify' && fastifyPath) {
    const { default: Fastify } = (await import(fastifyPath)) as { default: (options: object) => any };
    const app = Fastify({ serverFactory: (handler: http.RequestListener) => http.createServer(handler) });
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request: unknown, body: string, done: (e: null, b: string) => void) => done(null, body));
    app.get('/streams', async (_request: unknown, reply: any) => reply.type('application/json').send(serve('GET', '').body));
    app.post('/messages', async (request: { body: string }, reply: any) => reply.code(201).send(serve('POST', request.body).body));
    if (fd === null) return;
    await app.ready();
    app.server.listen({ fd });
    return;
  }
  if (mode === 'worker-port') {
    http.createServer(nodeHandler).listen({ port: (workerData as { listenPort: number }).listenPort, host: '127.0.0.1' });
    return;
  }
  if (fd === null) return;
  http.createServer(nodeHandler).listen({ fd });
}

// ---- load generator (child process) ----
async function loadMain(): Promise<void> {
  const port = Number(process.argv[3]);
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  let completed = 0;
  const deadline = Date.now() + DURATION_MS;
  const one = (index: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const post = index % 2 === 1;
      const request = http.request({ host: '127.0.0.1', port, agent, method: post ? 'POST' : 'GET', path: post ? '/messages' : '/streams', headers: post ? { 'content-type': 'application/json' } : {} }, (response) => {
        response.resume();
        response.on('end', () => {
          completed++;
          resolve();
        });
      });
      request.on('error', reject);
      request.end(post ? SEND_BODY : undefined);
    });
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, lane) => {
      for (let index = lane; Date.now() < deadline; index++) await one(index);
    }),
  );
  process.send!({ requestsPerSecond: Math.round(completed / (DURATION_MS / 1000)) });
  agent.destroy();
}

async function measure(port: number): Promise<number> {
  const child = fork(new URL(import.meta.url).pathname, ['load', String(port)]);
  return new Promise((resolve) => child.once('message', (message: { requestsPerSecond: number }) => resolve(message.requestsPerSecond)));
}

interface VariantResult {
  requestsPerSecond: number;
  /** Server-process CPU (every thread) per request: robust to the machine's other load. */
  cpuMicrosPerRequest: number;
}

async function runVariant(mode: string): Promise<VariantResult> {
  const workers: Worker[] = [];
  const fastifyPath = process.env.FASTIFY_PATH ?? null;
  let port: number;
  let mainServer: http.Server | null = null;
  if (mode === 'coordinator') {
    const ports: MessagePort[] = [];
    for (let shard = 0; shard < SHARDS; shard++) {
      const channel = new MessageChannel();
      workers.push(new Worker(new URL(import.meta.url), { workerData: { mode, fd: null, port: channel.port2, fastifyPath }, transferList: [channel.port2] }));
      ports.push(channel.port1);
    }
    const pending = new Map<number, http.ServerResponse>();
    let nextId = 0;
    for (const shardPort of ports) {
      shardPort.on('message', (reply: { id: number; status: number; body: string }) => {
        const response = pending.get(reply.id)!;
        pending.delete(reply.id);
        response.writeHead(reply.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply.body) }).end(reply.body);
      });
    }
    mainServer = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const id = nextId++;
        pending.set(id, response);
        ports[id % SHARDS]!.postMessage({ id, method: request.method, body: Buffer.concat(chunks).toString() });
      });
    });
    await new Promise<void>((resolve) => mainServer!.listen(0, '127.0.0.1', resolve));
    port = (mainServer.address() as AddressInfo).port;
  } else if (mode === 'worker-port') {
    port = 20000 + Math.floor(Math.random() * 20000);
    workers.push(new Worker(new URL(import.meta.url), { workerData: { mode, fd: null, port: null, fastifyPath, listenPort: port } }));
  } else {
    const listening = mode === 'shard-0' ? 1 : SHARDS;
    const first = createReusePortListenerFd('127.0.0.1', 0, 1024);
    port = socketLocalAddress(first).port;
    const fds = [first, ...Array.from({ length: listening - 1 }, () => createReusePortListenerFd('127.0.0.1', port, 1024))];
    for (let shard = 0; shard < SHARDS; shard++) {
      workers.push(new Worker(new URL(import.meta.url), { workerData: { mode, fd: fds[shard] ?? null, port: null, fastifyPath } }));
    }
    // A shard without a socket of its own idles (as shard 1 does under shard-0).
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  const cpuBefore = process.cpuUsage();
  const requestsPerSecond = await measure(port);
  const cpu = process.cpuUsage(cpuBefore);
  mainServer?.close();
  await Promise.all(workers.map((worker) => worker.terminate()));
  const requests = requestsPerSecond * (DURATION_MS / 1000);
  return { requestsPerSecond, cpuMicrosPerRequest: Math.round((cpu.user + cpu.system) / Math.max(1, requests)) };
}

if (!isMainThread) {
  void shardMain();
} else if (process.argv[2] === 'load') {
  void loadMain();
} else {
  // Rounds interleave the variants so a change in the machine's other load hits all of them.
  const variants = [...(process.env.BENCH_VARIANTS ? process.env.BENCH_VARIANTS.split(',') : ['coordinator', 'shard-0', 'every-shard', ...(process.env.FASTIFY_PATH ? ['fastify'] : [])])];
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const results = new Map<string, VariantResult[]>(variants.map((variant) => [variant, []]));
  for (let round = 0; round < rounds; round++) for (const variant of variants) results.get(variant)!.push(await runVariant(variant));
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(`variant      requests/s (median of ${rounds})  server CPU µs/request (median)`);
  for (const [variant, list] of results) {
    console.log(`${variant.padEnd(12)} ${String(median(list.map((r) => r.requestsPerSecond))).padStart(8)}  ${String(median(list.map((r) => r.cpuMicrosPerRequest))).padStart(8)}   [${list.map((r) => r.requestsPerSecond).join(', ')}]`);
  }
}
