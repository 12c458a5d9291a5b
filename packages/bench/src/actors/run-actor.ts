import { performance } from 'node:perf_hooks';
import {
  CommandCode,
  MESSAGE_HEADER_SIZE,
  POLL_RESPONSE_HEADER_SIZE,
  encodeJoinConsumerGroupRequest,
  encodePollMessagesRequest,
  type Consumer,
} from '@iggy-node/protocol';
import type { ActorConnection, ActorResult, ActorSpec } from './actor-spec.js';
import { BatchRecorder } from './batch-recorder.js';
import { buildBatch, type PrebuiltBatch } from './build-batch.js';
import { RawConnection } from './raw-connection.js';
import { threadCpuMs } from './thread-cpu.js';

/** A consumer that sees nothing new for this long gives up (the data it waits for will not come). */
const IDLE_TIMEOUT_MS = 10_000;
/** Pause after an empty poll, so waiting consumers do not spin on the server's cores. */
const EMPTY_POLL_BACKOFF_MS = 1;

const nowMs = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ActorHooks {
  /** Resolves when every actor is connected and ready (start together). */
  started: Promise<void>;
  ready(): void;
  /** Called as batches complete, for the live progress line. */
  recorder?(recorder: BatchRecorder): void;
}

/** Connects, prepares, waits for the start signal, runs the spec's loop and returns the records. */
export async function runActor(spec: ActorSpec, connection: ActorConnection, hooks: ActorHooks): Promise<ActorResult> {
  const conn = connection.transport === 'websocket'
    ? await RawConnection.openWebSocket(connection.host, connection.port)
    : await RawConnection.open(connection.host, connection.port, spec.nodelay);
  const capacity = spec.batchesToSend + Math.ceil(spec.messagesToReceive / spec.messagesPerBatch);
  const recorder = new BatchRecorder(capacity);
  hooks.recorder?.(recorder);
  let error: string | null = null;
  try {
    await conn.login(connection.username, connection.password);
    if (spec.consumerGroup !== null) {
      await conn.request(CommandCode.JoinConsumerGroup, encodeJoinConsumerGroupRequest({ streamId: spec.streamName, topicId: spec.topicName, groupId: spec.consumerGroup }));
    }
    const batch = spec.batchesToSend > 0 ? buildBatch(spec.streamName, spec.topicName, spec.partitionId, spec.messagesPerBatch, spec.messageSizeBytes) : null;
    const poller = spec.messagesToReceive > 0 ? new Poller(conn, spec) : null;
    hooks.ready();
    await hooks.started;
    if (spec.warmupTimeMs > 0) await warmup(conn, spec, batch, poller);
    const cpuBefore = threadCpuMs();
    const wallBefore = nowMs();
    if (spec.role === 'producer') await produce(conn, spec, batch!, recorder);
    else if (spec.role === 'consumer') error = await consume(poller!, spec, recorder);
    else error = await produceAndConsume(conn, spec, batch!, poller!, recorder);
    const cpuAfter = threadCpuMs();
    return {
      spec,
      records: recorder.records(),
      threadCpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      wallMs: nowMs() - wallBefore,
      error,
    };
  } finally {
    conn.close();
  }
}

async function sendBatch(conn: RawConnection, batch: PrebuiltBatch): Promise<void> {
  await conn.request(CommandCode.SendMessages, batch.prefix, batch.messages);
}

async function produce(conn: RawConnection, spec: ActorSpec, batch: PrebuiltBatch, recorder: BatchRecorder): Promise<void> {
  const totalBytes = batch.prefix.length + batch.messages.length;
  for (let sent = 0; sent < spec.batchesToSend; sent++) {
    const start = nowMs();
    await sendBatch(conn, batch);
    const end = nowMs();
    recorder.record(start, (end - start) * 1000, batch.messagesCount, batch.userDataBytes, totalBytes);
  }
}

async function consume(poller: Poller, spec: ActorSpec, recorder: BatchRecorder): Promise<string | null> {
  let idleSince = nowMs();
  while (recorder.messagesTotal < spec.messagesToReceive) {
    const start = nowMs();
    const polled = await poller.poll();
    const end = nowMs();
    if (polled.count === 0) {
      if (end - idleSince > IDLE_TIMEOUT_MS) return idleError(recorder.messagesTotal, spec.messagesToReceive);
      await sleep(EMPTY_POLL_BACKOFF_MS);
      continue;
    }
    idleSince = end;
    recorder.record(start, (end - start) * 1000, polled.count, polled.count * spec.messageSizeBytes, polled.bytes);
  }
  return null;
}

/** Iggy's producing consumer: send a batch, then poll; one record per round trip of both. */
async function produceAndConsume(conn: RawConnection, spec: ActorSpec, batch: PrebuiltBatch, poller: Poller, recorder: BatchRecorder): Promise<string | null> {
  let sent = 0;
  let received = 0;
  let idleSince = nowMs();
  const totalBytes = batch.prefix.length + batch.messages.length;
  while (sent < spec.batchesToSend || received < spec.messagesToReceive) {
    const start = nowMs();
    let sentNow = false;
    if (sent < spec.batchesToSend) {
      await sendBatch(conn, batch);
      sent++;
      sentNow = true;
    }
    let polledCount = 0;
    if (received < spec.messagesToReceive) {
      const polled = await poller.poll();
      polledCount = polled.count;
      received += polled.count;
    }
    const end = nowMs();
    if (!sentNow && polledCount === 0) {
      if (end - idleSince > IDLE_TIMEOUT_MS) return idleError(received, spec.messagesToReceive);
      await sleep(EMPTY_POLL_BACKOFF_MS);
      continue;
    }
    idleSince = end;
    recorder.record(start, (end - start) * 1000, sentNow ? batch.messagesCount : 0, sentNow ? batch.userDataBytes : 0, sentNow ? totalBytes : 0);
  }
  return null;
}

async function warmup(conn: RawConnection, spec: ActorSpec, batch: PrebuiltBatch | null, poller: Poller | null): Promise<void> {
  const until = nowMs() + spec.warmupTimeMs;
  while (nowMs() < until) {
    if (batch) await sendBatch(conn, batch);
    else if (poller && (await poller.poll()).count === 0) await sleep(EMPTY_POLL_BACKOFF_MS);
  }
}

function idleError(received: number, expected: number): string {
  return `stopped after ${IDLE_TIMEOUT_MS / 1000} s without new messages: received ${received} of ${expected}`;
}

/**
 * Polls `messagesPerBatch` messages by offset (from 0, advancing by what arrived) or by `next`
 * with auto-commit (consumer groups). Only the 16-byte response header is read: the benchmark
 * counts messages and bytes, decoding them would measure the client.
 */
class Poller {
  readonly #conn: RawConnection;
  readonly #spec: ActorSpec;
  readonly #consumer: Consumer;
  #offset = 0n;

  constructor(conn: RawConnection, spec: ActorSpec) {
    this.#conn = conn;
    this.#spec = spec;
    this.#consumer = spec.consumerGroup !== null ? { kind: 'consumer_group', id: spec.consumerGroup } : { kind: 'consumer', id: spec.actorId };
  }

  async poll(): Promise<{ count: number; bytes: number }> {
    const spec = this.#spec;
    const byOffset = spec.pollingKind === 'offset';
    const request = encodePollMessagesRequest({
      consumer: this.#consumer,
      streamId: spec.streamName,
      topicId: spec.topicName,
      partitionId: spec.partitionId,
      strategy: byOffset ? { kind: 'offset', value: this.#offset } : { kind: 'next', value: 0n },
      count: spec.messagesPerBatch,
      autoCommit: !byOffset,
    });
    const frame = await this.#conn.request(CommandCode.PollMessages, request);
    if (frame.payload.length < POLL_RESPONSE_HEADER_SIZE) return { count: 0, bytes: 0 };
    const count = frame.payload.readUInt32LE(12);
    if (byOffset && count > 0) {
      // The last record's offset + 1: robust even if the server returns fewer than asked.
      this.#offset = lastOffset(frame.payload, count) + 1n;
    }
    return { count, bytes: frame.payload.length - POLL_RESPONSE_HEADER_SIZE };
  }
}

/** Walks the record headers to the last one (header reads only, no payload copies). */
function lastOffset(payload: Buffer, count: number): bigint {
  let at = POLL_RESPONSE_HEADER_SIZE;
  for (let i = 0; i < count - 1; i++) at += MESSAGE_HEADER_SIZE + payload.readUInt32LE(at + 52) + payload.readUInt32LE(at + 48);
  return payload.readBigUInt64LE(at + 24);
}
