/**
 * IggyConsumer: a polling loop on top of IggyClient, as a group member or a single consumer.
 *
 * Delivery guarantees (see README "Delivery guarantees"):
 * - commit 'after-processing' (default, at-least-once): polls with autoCommit off and stores
 *   the offset of the last message only after the handler has finished with it (per batch, on
 *   the partition the poll returned). A crash or a forced hand-over before the store means the
 *   batch is delivered again.
 * - commit 'auto' (at-most-once): polls with autoCommit on, so the server stores the offset of
 *   what it returns before the handler runs; a crash loses the batch being processed.
 *
 * Empty polls back off exponentially (minBackoffMs doubling to maxBackoffMs); stop() ends the
 * loop after the message being handled, commits what was processed, and leaves the group.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ErrorCode, IggyError, type Identifier, type PolledMessage } from '@iggy-node/protocol';
import { Consumer, PollingStrategy } from '../helpers.js';
import type { IggyClient } from '../iggy-client.js';

export type CommitMode = 'after-processing' | 'auto';

export interface IggyConsumerOptions {
  client: IggyClient;
  streamId: Identifier;
  topicId: Identifier;
  /** Consume as a member of this consumer group (the server assigns partitions). */
  group?: Identifier;
  /** With `group` given as a name: create the group when it does not exist. Default false. */
  createGroup?: boolean;
  /** Consume as an individual consumer with this id instead of a group. */
  consumerId?: Identifier;
  /** Individual consumers only: the partition to read; default 0. */
  partitionId?: number;
  /** Default 'after-processing' (at-least-once). */
  commit?: CommitMode;
  /** Messages per poll; default 100. */
  batchSize?: number;
  /** Default PollingStrategy.next(): continue after the stored offset. */
  strategy?: PollingStrategy;
  /** First wait after an empty poll; default 10. */
  minBackoffMs?: number;
  /** Longest wait between empty polls; default 1000. */
  maxBackoffMs?: number;
  /** Poll or commit errors the loop survives (it backs off and retries). Default: ignored. */
  onError?: (error: unknown) => void;
}

/** One message with the partition it came from. */
export interface ReceivedMessage {
  partitionId: number;
  message: PolledMessage;
}

export type MessageHandler = (received: ReceivedMessage) => void | Promise<void>;

const BATCH_SIZE_DEFAULT = 100;
const MIN_BACKOFF_MS_DEFAULT = 10;
const MAX_BACKOFF_MS_DEFAULT = 1000;

export class IggyConsumer {
  readonly #options: IggyConsumerOptions;
  readonly #consumer: Consumer;
  readonly #commitMode: CommitMode;
  readonly #abort = new AbortController();
  /** Per partition: offset of the last processed, not yet stored message. */
  readonly #processed = new Map<number, bigint>();
  #groupJoined: Identifier | null = null;
  #started = false;
  #stopping = false;
  #stopped: Promise<void> | null = null;
  #running: Promise<void> | null = null;
  /** True while an iterator's caller holds a message (its loop body runs). */
  #inIteratorBody = false;

  constructor(options: IggyConsumerOptions) {
    if ((options.group === undefined) === (options.consumerId === undefined)) {
      throw new TypeError('IggyConsumer needs exactly one of `group` and `consumerId`');
    }
    if (options.createGroup && typeof options.group !== 'string') throw new TypeError('createGroup needs `group` as a name');
    this.#options = options;
    this.#consumer = options.group !== undefined ? Consumer.group(options.group) : Consumer.single(options.consumerId!);
    this.#commitMode = options.commit ?? 'after-processing';
  }

  get stopped(): boolean {
    return this.#stopping;
  }

  /** Joins the group (creating it when asked). Called by consume() and the iterator if needed. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    const { client, streamId, topicId, group } = this.#options;
    if (group === undefined) return;
    let groupId: Identifier = group;
    if (this.#options.createGroup) {
      const existing = await client.getConsumerGroup(streamId, topicId, group);
      if (existing) {
        groupId = existing.id;
      } else {
        try {
          groupId = (await client.createConsumerGroup(streamId, topicId, group as string)).id;
        } catch (error) {
          // Another consumer created it meanwhile: join by name.
          if (!(error instanceof IggyError && error.code === ErrorCode.ConsumerGroupNameAlreadyExists)) throw error;
        }
      }
    }
    await client.joinConsumerGroup(streamId, topicId, groupId);
    this.#groupJoined = groupId;
  }

  /**
   * Calls `handler` for every message, one at a time, until stop(). Resolves once stopped;
   * rejects with the handler's error (after committing the messages before the failed one).
   */
  consume(handler: MessageHandler): Promise<void> {
    if (this.#running) throw new Error('IggyConsumer is already consuming');
    this.#running = this.#consumeLoop(handler);
    return this.#running;
  }

  async #consumeLoop(handler: MessageHandler): Promise<void> {
    await this.start();
    try {
      for (;;) {
        const batch = await this.#nextBatch();
        if (!batch) return;
        for (const message of batch.messages) {
          await handler({ partitionId: batch.partitionId, message });
          this.#markProcessed(batch.partitionId, message.offset);
          if (this.#stopping) break;
        }
        await this.#commit();
      }
    } finally {
      await this.#commit();
    }
  }

  /**
   * Messages one by one. A message counts as processed when the loop asks for the next one;
   * leaving the loop (break, return or throw) commits only the messages before the current one.
   */
  async *[Symbol.asyncIterator](): AsyncGenerator<ReceivedMessage, void, undefined> {
    if (this.#running) throw new Error('IggyConsumer is already consuming');
    let release!: () => void;
    this.#running = new Promise<void>((resolve) => (release = resolve));
    try {
      await this.start();
      for (;;) {
        const batch = await this.#nextBatch();
        if (!batch) return;
        for (const message of batch.messages) {
          this.#inIteratorBody = true;
          yield { partitionId: batch.partitionId, message };
          this.#inIteratorBody = false;
          this.#markProcessed(batch.partitionId, message.offset);
          if (this.#stopping) break;
        }
        await this.#commit();
      }
    } finally {
      this.#inIteratorBody = false;
      await this.#commit();
      release();
    }
  }

  /** Ends the loop after the current message, commits what was processed, leaves the group. */
  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  async #stop(): Promise<void> {
    this.#stopping = true;
    this.#abort.abort();
    // A consume() loop or a polling iterator ends on its own; an iterator whose body still
    // runs is not waited for (its message stays uncommitted and is delivered again).
    if (this.#running && !this.#inIteratorBody) await this.#running.catch(() => undefined);
    await this.#commit();
    if (this.#groupJoined !== null) {
      const { client, streamId, topicId } = this.#options;
      await client.leaveConsumerGroup(streamId, topicId, this.#groupJoined).catch((error: unknown) => this.#reportError(error));
      this.#groupJoined = null;
    }
  }

  /** Polls until a non-empty batch arrives (backing off while empty) or stop() is called. */
  async #nextBatch(): Promise<{ partitionId: number; messages: PolledMessage[] } | null> {
    const { client, streamId, topicId } = this.#options;
    const minBackoffMs = this.#options.minBackoffMs ?? MIN_BACKOFF_MS_DEFAULT;
    const maxBackoffMs = this.#options.maxBackoffMs ?? MAX_BACKOFF_MS_DEFAULT;
    let backoffMs = minBackoffMs;
    while (!this.#stopping) {
      try {
        const polled = await client.pollMessages({
          consumer: this.#consumer,
          streamId,
          topicId,
          partitionId: this.#options.group !== undefined ? null : (this.#options.partitionId ?? 0),
          strategy: this.#options.strategy ?? PollingStrategy.next(),
          count: this.#options.batchSize ?? BATCH_SIZE_DEFAULT,
          autoCommit: this.#commitMode === 'auto',
        });
        if (polled.messages.length > 0) return { partitionId: polled.partitionId, messages: polled.messages };
      } catch (error) {
        this.#reportError(error);
      }
      await sleep(backoffMs, undefined, { signal: this.#abort.signal }).catch(() => undefined);
      backoffMs = Math.min(backoffMs * 2, maxBackoffMs);
    }
    return null;
  }

  #markProcessed(partitionId: number, offset: bigint): void {
    if (this.#commitMode === 'after-processing') this.#processed.set(partitionId, offset);
  }

  /** Stores the processed offsets; a refused commit (partition moved away) is reported, not thrown. */
  async #commit(): Promise<void> {
    const { client, streamId, topicId } = this.#options;
    for (const [partitionId, offset] of [...this.#processed]) {
      this.#processed.delete(partitionId);
      try {
        await client.storeConsumerOffset({ consumer: this.#consumer, streamId, topicId, partitionId, offset });
      } catch (error) {
        this.#reportError(error);
      }
    }
  }

  #reportError(error: unknown): void {
    this.#options.onError?.(error);
  }
}
