/**
 * The actor loops over Iggy's HTTP API (bench subcommand `http`): one keep-alive connection per
 * actor, a JWT from /users/login, a SendMessages JSON body built once and reused (ids omitted so
 * the server assigns them), polls by offset read only as far as the `count` field — as the TCP
 * actors read only the 16-byte header, so the client's JSON work stays out of the measurement.
 * Consumer groups cannot be joined over HTTP: the runner refuses those workloads.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { ActorConnection, ActorResult, ActorSpec } from './actor-spec.js';
import { BatchRecorder } from './batch-recorder.js';
import type { ActorHooks } from './run-actor.js';
import { threadCpuMs } from './thread-cpu.js';

const IDLE_TIMEOUT_MS = 10_000;
const EMPTY_POLL_BACKOFF_MS = 1;
const nowMs = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface HttpAnswer {
  status: number;
  body: Buffer;
}

class HttpActorConnection {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  #token = '';

  constructor(private readonly connection: ActorConnection) {}

  request(method: string, path: string, body?: string): Promise<HttpAnswer> {
    const headers: http.OutgoingHttpHeaders = { authorization: `Bearer ${this.#token}` };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const request = http.request({ host: this.connection.host, port: this.connection.port, method, path, headers, agent: this.#agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const answer = { status: response.statusCode ?? 0, body: Buffer.concat(chunks) };
          if (answer.status >= 300) reject(new Error(`HTTP ${method} ${path}: ${answer.status} ${answer.body.toString().slice(0, 200)}`));
          else resolve(answer);
        });
        response.on('error', reject);
      });
      request.on('error', reject);
      request.end(body);
    });
  }

  async login(): Promise<void> {
    const answer = await this.request('POST', '/users/login', JSON.stringify({ username: this.connection.username, password: this.connection.password }));
    this.#token = (JSON.parse(answer.body.toString()) as { access_token: { token: string } }).access_token.token;
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** The same printable, position-dependent payloads as the binary batch, as a reusable JSON body. */
function sendBody(spec: ActorSpec): { text: string; userDataBytes: number } {
  const messages: string[] = [];
  for (let index = 0; index < spec.messagesPerBatch; index++) {
    const payload = Buffer.alloc(spec.messageSizeBytes);
    for (let byte = 0; byte < spec.messageSizeBytes; byte++) payload[byte] = 97 + ((index + byte) % 26);
    messages.push(`{"payload":"${payload.toString('base64')}"}`);
  }
  const value = Buffer.alloc(4);
  if (spec.partitionId !== null) value.writeUInt32LE(spec.partitionId, 0);
  const partitioning = spec.partitionId === null ? '{"kind":"balanced","value":""}' : `{"kind":"partition_id","value":"${value.toString('base64')}"}`;
  return { text: `{"partitioning":${partitioning},"messages":[${messages.join(',')}]}`, userDataBytes: spec.messagesPerBatch * spec.messageSizeBytes };
}

export async function runHttpActor(spec: ActorSpec, connection: ActorConnection, hooks: ActorHooks): Promise<ActorResult> {
  const conn = new HttpActorConnection(connection);
  const capacity = spec.batchesToSend + Math.ceil(spec.messagesToReceive / spec.messagesPerBatch);
  const recorder = new BatchRecorder(capacity);
  hooks.recorder?.(recorder);
  const base = `/streams/${encodeURIComponent(spec.streamName)}/topics/${encodeURIComponent(spec.topicName)}/messages`;
  const body = spec.batchesToSend > 0 ? sendBody(spec) : null;
  let offset = 0n;
  const send = async (): Promise<number> => (await conn.request('POST', base, body!.text), Buffer.byteLength(body!.text));
  const poll = async (): Promise<{ count: number; bytes: number }> => {
    const query = `consumer_id=${spec.actorId}&partition_id=${spec.partitionId ?? 0}&kind=offset&value=${offset}&count=${spec.messagesPerBatch}`;
    const answer = await conn.request('GET', `${base}?${query}`);
    const count = Number(/"count":(\d+)/.exec(answer.body.subarray(0, 128).toString())?.[1] ?? 0);
    offset += BigInt(count);
    return { count, bytes: answer.body.length };
  };
  let error: string | null = null;
  try {
    await conn.login();
    hooks.ready();
    await hooks.started;
    const warmupUntil = nowMs() + spec.warmupTimeMs;
    while (nowMs() < warmupUntil) {
      if (body) await send();
      else if ((await poll()).count === 0) await sleep(EMPTY_POLL_BACKOFF_MS);
    }
    const cpuBefore = threadCpuMs();
    const wallBefore = nowMs();
    let sent = 0;
    let received = 0;
    let idleSince = nowMs();
    while (sent < spec.batchesToSend || received < spec.messagesToReceive) {
      const start = nowMs();
      let bytes = 0;
      let sentNow = false;
      if (sent < spec.batchesToSend) {
        bytes = await send();
        sent++;
        sentNow = true;
      }
      let polled = 0;
      if (received < spec.messagesToReceive && (spec.role !== 'producing_consumer' || sentNow || sent >= spec.batchesToSend)) {
        const answer = await poll();
        polled = answer.count;
        received += polled;
        if (!sentNow) bytes = answer.bytes;
      }
      const end = nowMs();
      if (!sentNow && polled === 0) {
        if (end - idleSince > IDLE_TIMEOUT_MS) {
          error = `stopped after ${IDLE_TIMEOUT_MS / 1000} s without new messages: received ${received} of ${spec.messagesToReceive}`;
          break;
        }
        await sleep(EMPTY_POLL_BACKOFF_MS);
        continue;
      }
      idleSince = end;
      const messages = sentNow ? spec.messagesPerBatch : polled;
      recorder.record(start, (end - start) * 1000, messages, messages * spec.messageSizeBytes, bytes);
    }
    const cpuAfter = threadCpuMs();
    return { spec, records: recorder.records(), threadCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, wallMs: nowMs() - wallBefore, error };
  } finally {
    conn.close();
  }
}
