/**
 * IggyProducer: batches messages in memory and sends them with IggyClient.sendMessages.
 *
 * A batch leaves when `batchSize` messages with the same partitioning are buffered, or
 * `lingerMs` after the first buffered message, or on flush()/close(). The buffer holds at most
 * `bufferCapacity` messages; send() waits for room (backpressure) instead of growing it.
 * send() resolves once the messages are buffered; flush() resolves once everything buffered
 * before it was acknowledged by the server, and rejects with the first send error since the
 * previous flush (failed batches are not retried: retrying could duplicate them).
 */
import type { Identifier, SendMessage } from '@iggy-node/protocol';
import { Partitioning } from '../helpers.js';
import type { IggyClient } from '../iggy-client.js';

export interface IggyProducerOptions {
  client: IggyClient;
  streamId: Identifier;
  topicId: Identifier;
  /** Default partitioning of send(); default Partitioning.balanced(). */
  partitioning?: Partitioning;
  /** Messages per SendMessages request; default 1000. */
  batchSize?: number;
  /** How long a buffered message may wait for more to join its batch; default 5. 0 = send at once. */
  lingerMs?: number;
  /** Most messages buffered at once; default 10 000. */
  bufferCapacity?: number;
  /** Called for each failed batch (flush() also rejects with the first). */
  onError?: (error: unknown, messagesCount: number) => void;
}

interface Pending {
  partitioning: Partitioning;
  messages: SendMessage[];
}

const BATCH_SIZE_DEFAULT = 1000;
const LINGER_MS_DEFAULT = 5;
const BUFFER_CAPACITY_DEFAULT = 10_000;

export class IggyProducer {
  readonly #options: IggyProducerOptions;
  readonly #batchSize: number;
  readonly #lingerMs: number;
  readonly #capacity: number;
  /** Buffered messages by partitioning key, in arrival order within each key. */
  readonly #buffer = new Map<string, Pending>();
  #bufferedCount = 0;
  /** Messages taken from the buffer whose request has not been answered yet. */
  #inFlightCount = 0;
  #lingerTimer: NodeJS.Timeout | null = null;
  #draining: Promise<void> | null = null;
  #spaceWaiters: (() => void)[] = [];
  #error: unknown = undefined;
  #closed = false;

  constructor(options: IggyProducerOptions) {
    this.#options = options;
    this.#batchSize = options.batchSize ?? BATCH_SIZE_DEFAULT;
    this.#lingerMs = options.lingerMs ?? LINGER_MS_DEFAULT;
    this.#capacity = options.bufferCapacity ?? BUFFER_CAPACITY_DEFAULT;
    if (this.#batchSize < 1 || this.#capacity < this.#batchSize) throw new RangeError('need 1 <= batchSize <= bufferCapacity');
  }

  /** Messages buffered or in flight. */
  get pendingCount(): number {
    return this.#bufferedCount + this.#inFlightCount;
  }

  /** Buffers `messages` (waiting for room when the buffer is full). */
  async send(messages: SendMessage | SendMessage[], partitioning: Partitioning = this.#options.partitioning ?? Partitioning.balanced()): Promise<void> {
    const list = Array.isArray(messages) ? messages : [messages];
    // Large inputs enter in batch-sized pieces, so each waits only for its own room.
    for (let at = 0; at < list.length; at += this.#batchSize) {
      const piece = list.slice(at, at + this.#batchSize);
      while (!this.#closed && this.pendingCount + piece.length > this.#capacity) {
        await new Promise<void>((resolve) => this.#spaceWaiters.push(resolve));
      }
      if (this.#closed) throw new Error('IggyProducer is closed');
      this.#enqueue(piece, partitioning);
    }
  }

  /** Sends everything buffered; rejects with the first send error since the last flush. */
  async flush(): Promise<void> {
    while (this.#bufferedCount > 0 || this.#draining) {
      this.#startDrain();
      await this.#draining;
    }
    const error = this.#error;
    this.#error = undefined;
    if (error !== undefined) throw error;
  }

  /** Flushes, then refuses further sends. The client stays open (the caller owns it). */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      for (const wake of this.#spaceWaiters.splice(0)) wake();
    }
  }

  #enqueue(messages: SendMessage[], partitioning: Partitioning): void {
    const key = partitioningKey(partitioning);
    let pending = this.#buffer.get(key);
    if (!pending) {
      pending = { partitioning, messages: [] };
      this.#buffer.set(key, pending);
    }
    pending.messages.push(...messages);
    this.#bufferedCount += messages.length;
    if (pending.messages.length >= this.#batchSize || this.#lingerMs === 0) {
      this.#startDrain();
    } else if (!this.#lingerTimer) {
      this.#lingerTimer = setTimeout(() => {
        this.#lingerTimer = null;
        this.#startDrain();
      }, this.#lingerMs);
    }
  }

  #startDrain(): void {
    if (this.#lingerTimer) {
      clearTimeout(this.#lingerTimer);
      this.#lingerTimer = null;
    }
    this.#draining ??= this.#drain().finally(() => {
      this.#draining = null;
      // Messages that arrived during the last request but did not fill a batch still linger.
      if (this.#bufferedCount > 0 && !this.#lingerTimer) this.#lingerTimer = setTimeout(() => this.#startDrain(), this.#lingerMs);
    });
  }

  /** Sends batches one at a time until the buffer is empty. */
  async #drain(): Promise<void> {
    const { client, streamId, topicId } = this.#options;
    for (;;) {
      const next = this.#buffer.entries().next();
      if (next.done) return;
      const [key, pending] = next.value;
      const batch = pending.messages.splice(0, this.#batchSize);
      // Re-inserted at the end when not empty, so every partitioning gets its turn.
      this.#buffer.delete(key);
      if (pending.messages.length > 0) this.#buffer.set(key, pending);
      this.#bufferedCount -= batch.length;
      this.#inFlightCount += batch.length;
      try {
        await client.sendMessages({ streamId, topicId, partitioning: pending.partitioning, messages: batch });
      } catch (error) {
        this.#error ??= error;
        this.#options.onError?.(error, batch.length);
      } finally {
        this.#inFlightCount -= batch.length;
        this.#wakeSenders();
      }
    }
  }

  #wakeSenders(): void {
    for (const wake of this.#spaceWaiters.splice(0)) wake();
  }
}

function partitioningKey(partitioning: Partitioning): string {
  switch (partitioning.kind) {
    case 'balanced':
      return 'b';
    case 'partition_id':
      return `p${partitioning.partitionId}`;
    case 'messages_key':
      return `k${partitioning.key.toString('hex')}`;
  }
}
