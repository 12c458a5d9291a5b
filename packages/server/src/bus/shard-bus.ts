/**
 * The only code that posts messages between shards. Call sites read like Redpanda's
 * invoke_on: `await bus.sendToPartitionOwner(address, request)`. When the target is this shard
 * the request runs directly (no clone, no hop) through the same handler, so both paths share
 * one call site and one test.
 *
 * Runs on: every shard thread (one ShardBus per shard).
 */
import type { MessagePort, TransferListItem } from 'node:worker_threads';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import { BUS_IN_FLIGHT_REQUESTS_MAX, BUS_REQUEST_DEADLINE_MS } from '../limits.js';
import { createOwnerOf, type PlacementScheme } from './partition-placement.js';
import { annotatePartition, traceBusRequest, traceparentForBus } from '../telemetry/command-tracing.js';
import type {
  BusEnvelope,
  PartitionAddress,
  ResponseFor,
  ShardEvent,
  ShardRequest,
  ShardRequestKind,
} from './shard-messages.js';

/** The shard that owns metadata writes (Iggy: shard 0; Redpanda: controller_stm_shard). */
export const CONTROL_PLANE_SHARD_ID = 0;

export type RequestHandler = (request: ShardRequest) => Promise<unknown>;
/** A successful response nobody will take (its caller gave up): free what it holds. */
export type UnclaimedResponseHandler = (kind: ShardRequestKind, response: unknown) => void;
export type EventHandler = (event: ShardEvent) => void;

interface Pending {
  targetShardId: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: NodeJS.Timeout;
}

export class ShardBus {
  readonly #pending = new Map<number, Pending>();
  #nextRequestId = 1;
  #requestHandler: RequestHandler | null = null;
  #eventHandler: EventHandler | null = null;
  #undelivered: ((request: ShardRequest) => void) | null = null;
  #unclaimed: UnclaimedResponseHandler | null = null;
  readonly #ownerOf: (key: number) => number;

  /**
   * @param peers port to each other shard, indexed by shard id (null at our own index).
   */
  constructor(
    readonly shardId: number,
    readonly shardCount: number,
    private readonly peers: (MessagePort | null)[],
    placementScheme: PlacementScheme = 'spread-v1',
  ) {
    this.#ownerOf = createOwnerOf(placementScheme, shardCount);
    peers.forEach((port, peerId) => {
      if (port === null) return;
      port.on('message', (envelope: BusEnvelope) => this.#onEnvelope(peerId, envelope));
      // A peer that closed its ports (it stopped) answers nothing more: fail its requests now
      // instead of at their deadline.
      port.on('close', () => this.#failPendingFor(peerId));
    });
  }

  /**
   * Installs this shard's executor for incoming requests and events, what to do with a request
   * that never left this shard (release the pool slot it carries), and with a response that
   * arrived after its caller gave up, or was not sent because its deadline had passed (release
   * the slot of a poll's records).
   */
  listen(
    requestHandler: RequestHandler,
    eventHandler: EventHandler,
    undelivered: (request: ShardRequest) => void = () => undefined,
    unclaimed: UnclaimedResponseHandler = () => undefined,
  ): void {
    this.#requestHandler = requestHandler;
    this.#eventHandler = eventHandler;
    this.#undelivered = undelivered;
    this.#unclaimed = unclaimed;
  }

  ownerOf(address: PartitionAddress): number {
    return this.#ownerOf(address.key);
  }

  sendToPartitionOwner<R extends ShardRequest & PartitionAddress>(request: R): Promise<ResponseFor<R['kind']>> {
    const owner = this.ownerOf(request);
    annotatePartition(request.streamId, request.topicId, request.partitionId, owner);
    return this.#sendTo(owner, request) as Promise<ResponseFor<R['kind']>>;
  }

  sendToControlPlane<R extends ShardRequest>(request: R): Promise<ResponseFor<R['kind']>> {
    return this.#sendTo(CONTROL_PLANE_SHARD_ID, request) as Promise<ResponseFor<R['kind']>>;
  }

  /** A request for one named shard (connection hand-off). */
  sendToShard<R extends ShardRequest>(targetShardId: number, request: R): Promise<ResponseFor<R['kind']>> {
    return this.#sendTo(targetShardId, request) as Promise<ResponseFor<R['kind']>>;
  }

  /** Sends the same request to every shard (this one included) and gathers the answers in shard order. */
  async sendToAllShards<K extends ShardRequestKind>(request: Extract<ShardRequest, { kind: K }>): Promise<ResponseFor<K>[]> {
    const answers: Promise<unknown>[] = [];
    for (let target = 0; target < this.shardCount; target++) answers.push(this.#sendTo(target, request));
    return (await Promise.all(answers)) as ResponseFor<K>[];
  }

  /** Control plane → every other shard; our own handler runs synchronously first. */
  broadcastToShards(event: ShardEvent): void {
    this.#eventHandler?.(event);
    for (const port of this.peers) port?.postMessage({ type: 'event', event } satisfies BusEnvelope);
  }

  #sendTo(targetShardId: number, request: ShardRequest): Promise<unknown> {
    if (targetShardId === this.shardId) return this.#runLocal(request);
    const port = this.peers[targetShardId];
    if (!port) {
      this.#undelivered?.(request);
      return Promise.reject(new IggyError(ErrorCode.Error, `no bus port to shard ${targetShardId}`));
    }
    if (this.#pending.size >= BUS_IN_FLIGHT_REQUESTS_MAX) {
      // Named backpressure instead of an unbounded queue (TigerBeetle/NATS habit).
      this.#undelivered?.(request);
      return Promise.reject(new IggyError(ErrorCode.Error, `shard ${this.shardId}: too many cross-shard requests in flight`));
    }
    const requestId = this.#nextRequestId++;
    const deadlineMs = Date.now() + BUS_REQUEST_DEADLINE_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(requestId);
        reject(new IggyError(ErrorCode.Error, `shard ${targetShardId} did not answer ${request.kind} in time`));
      }, BUS_REQUEST_DEADLINE_MS);
      this.#pending.set(requestId, { targetShardId, resolve, reject, timer });
      port.postMessage(
        { type: 'request', requestId, sourceShardId: this.shardId, deadlineMs, request, traceparent: traceparentForBus() } satisfies BusEnvelope,
        transferablesOf(request),
      );
    });
  }

  #runLocal(request: ShardRequest): Promise<unknown> {
    if (!this.#requestHandler) return Promise.reject(new IggyError(ErrorCode.Error, 'shard not ready'));
    return this.#requestHandler(request);
  }

  #onEnvelope(peerId: number, envelope: BusEnvelope): void {
    switch (envelope.type) {
      case 'event':
        this.#eventHandler?.(envelope.event);
        return;
      case 'response': {
        const pending = this.#pending.get(envelope.requestId);
        if (!pending) {
          // Answered after its deadline: the caller already failed.
          if (envelope.ok) this.#unclaimed?.(envelope.kind, envelope.response);
          return;
        }
        this.#pending.delete(envelope.requestId);
        clearTimeout(pending.timer);
        if (envelope.ok) pending.resolve(envelope.response);
        else pending.reject(new IggyError(envelope.error.code, envelope.error.message));
        return;
      }
      case 'request': {
        const port = this.peers[peerId]!;
        traceBusRequest(envelope.request.kind, this.shardId, envelope.sourceShardId, envelope.traceparent, () => this.#runLocal(envelope.request)).then(
          (response) => {
            const kind = envelope.request.kind;
            if (Date.now() > envelope.deadlineMs) {
              this.#unclaimed?.(kind, response);
              return;
            }
            port.postMessage(
              { type: 'response', requestId: envelope.requestId, ok: true, kind, response } satisfies BusEnvelope,
              responseTransferables(kind, response),
            );
          },
          (error: unknown) => {
            const code = IggyError.is(error) ? error.code : ErrorCode.Error;
            const message = error instanceof Error ? error.message : String(error);
            port.postMessage({ type: 'response', requestId: envelope.requestId, ok: false, error: { code, message } } satisfies BusEnvelope);
          },
        );
        return;
      }
    }
  }

  #failPendingFor(peerId: number): void {
    for (const [requestId, pending] of this.#pending) {
      if (pending.targetShardId !== peerId) continue;
      this.#pending.delete(requestId);
      clearTimeout(pending.timer);
      pending.reject(new IggyError(ErrorCode.Disconnected, `shard ${peerId} has stopped`));
    }
  }

  close(): void {
    for (const [, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(new IggyError(ErrorCode.Disconnected, 'shard bus closed'));
    }
    this.#pending.clear();
    for (const port of this.peers) port?.close();
  }
}

/**
 * A poll's records that are not in a pool slot lie in an ArrayBuffer allocated for them alone
 * (polled-records.ts): moved, not cloned. Pool slots cross as references (plain numbers).
 */
function responseTransferables(kind: ShardRequestKind, response: unknown): TransferListItem[] {
  if (kind !== 'pollMessages') return [];
  const buffer = (response as ResponseFor<'pollMessages'>).records.buffer;
  return buffer !== null && buffer.buffer instanceof ArrayBuffer && buffer.byteOffset === 0 && buffer.byteLength === buffer.buffer.byteLength ? [buffer.buffer] : [];
}

/**
 * Only an append's batch is moved (its ArrayBuffer was allocated for that message alone by the
 * sending connection). Everything else is cloned: a response may hold buffers the owner still
 * uses (cached records), and transferring those would detach them under the owner.
 */
function transferablesOf(value: unknown): TransferListItem[] {
  const request = value as Partial<ShardRequest> | null;
  if (request && request.kind === 'appendMessages') {
    const { messages } = request as Extract<ShardRequest, { kind: 'appendMessages' }>;
    if (messages && messages.byteOffset === 0 && messages.byteLength === messages.buffer.byteLength && messages.buffer instanceof ArrayBuffer) {
      return [messages.buffer];
    }
  }
  return [];
}
