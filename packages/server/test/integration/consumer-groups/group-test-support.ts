/**
 * Shared pieces of the consumer-group integration tests: server settings that make rebalancing
 * fast, numbered payloads, a group member that polls `next` and commits after processing, and
 * a delivery ledger that finds skipped and duplicated messages.
 *
 * Group membership (join, leave, polling and offsets as the group) exists only in the binary
 * protocol (Iggy 0.7's HTTP API has no such routes), so members are `binaryClient()`s; admins and
 * producers use `client()`, the harness transport, and so speak HTTP in the matrix's http pass.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { Consumer, PollingStrategy, type ConsumerGroupDetails, type IggyClient, type Identifier } from '@iggy-node/sdk';

/** Revocations are checked every 100 ms and forced after 2 s, so tests settle quickly. */
export const FAST_REBALANCING_ENV: Record<string, string> = {
  IGGY_CONSUMER_GROUP_REBALANCING_CHECK_INTERVAL: '100 ms',
  IGGY_CONSUMER_GROUP_REBALANCING_TIMEOUT: '2 s',
};

const PAYLOAD_PREFIX = 'msg-';

export function numberedPayload(index: number): Buffer {
  return Buffer.from(`${PAYLOAD_PREFIX}${index}`, 'utf8');
}

export function payloadIndex(payload: Buffer): number {
  const text = payload.toString('utf8');
  assert.ok(text.startsWith(PAYLOAD_PREFIX), `unexpected payload ${JSON.stringify(text)}`);
  return Number(text.slice(PAYLOAD_PREFIX.length));
}

/** Polls `condition` every 20 ms until it holds; fails with `describe()` after `timeoutMs`. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms: ${describe()}`);
    await sleep(20);
  }
}

/** Counts deliveries per message index across every member of a group. */
export class DeliveryLedger {
  readonly #counts = new Map<number, number>();
  deliveries = 0;

  record(index: number): void {
    this.#counts.set(index, (this.#counts.get(index) ?? 0) + 1);
    this.deliveries++;
  }

  get distinct(): number {
    return this.#counts.size;
  }

  duplicates(): number[] {
    return [...this.#counts].filter(([, count]) => count > 1).map(([index]) => index);
  }

  /** Every index 0..total-1 delivered exactly once, and nothing else. */
  assertExactlyOnce(total: number): void {
    const duplicated = this.duplicates();
    assert.deepEqual(duplicated.slice(0, 20), [], `${duplicated.length} messages delivered more than once`);
    const missing: number[] = [];
    for (let i = 0; i < total && missing.length < 20; i++) if (!this.#counts.has(i)) missing.push(i);
    assert.deepEqual(missing, [], 'messages never delivered');
    assert.equal(this.#counts.size, total, 'unexpected message indexes delivered');
    assert.equal(this.deliveries, total);
  }
}

export interface GroupAddress {
  streamId: Identifier;
  topicId: Identifier;
  groupId: Identifier;
}

/**
 * One group member on its own connection: polls `next` without a partition id, records each
 * message, then stores the offset of the last one for the partition the poll returned (commit
 * after processing). stop() finishes the current poll-process-commit round first, so a
 * graceful stop never leaves processed messages uncommitted.
 */
export class CommittingMember {
  readonly #client: IggyClient;
  readonly #address: GroupAddress;
  readonly #ledger: DeliveryLedger;
  readonly #batchSize: number;
  #stopping = false;
  #loop: Promise<void> | null = null;
  received = 0;
  commitErrors: unknown[] = [];

  constructor(client: IggyClient, address: GroupAddress, ledger: DeliveryLedger, batchSize = 50) {
    this.#client = client;
    this.#address = address;
    this.#ledger = ledger;
    this.#batchSize = batchSize;
  }

  get client(): IggyClient {
    return this.#client;
  }

  async join(): Promise<void> {
    const { streamId, topicId, groupId } = this.#address;
    await this.#client.joinConsumerGroup(streamId, topicId, groupId);
    this.#loop = this.#run();
  }

  /** Ends the loop after the current round (its commit included). */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#loop;
  }

  async leave(): Promise<void> {
    await this.stop();
    const { streamId, topicId, groupId } = this.#address;
    await this.#client.leaveConsumerGroup(streamId, topicId, groupId);
  }

  async #run(): Promise<void> {
    const { streamId, topicId, groupId } = this.#address;
    const consumer = Consumer.group(groupId);
    while (!this.#stopping) {
      const polled = await this.#client.pollMessages({
        consumer,
        streamId,
        topicId,
        partitionId: null,
        strategy: PollingStrategy.next(),
        count: this.#batchSize,
        autoCommit: false,
      });
      if (polled.messages.length === 0) {
        await sleep(5);
        continue;
      }
      for (const message of polled.messages) this.#ledger.record(payloadIndex(message.payload));
      this.received += polled.messages.length;
      const last = polled.messages[polled.messages.length - 1]!;
      try {
        await this.#client.storeConsumerOffset({ consumer, streamId, topicId, partitionId: polled.partitionId, offset: last.offset });
      } catch (error) {
        // Kept, not thrown: the test reports it next to the duplicates it would cause.
        this.commitErrors.push(error);
      }
    }
  }
}

/** Members' owned partitions, each partition 0..count-1 exactly once (no pending hand-overs). */
export function coversEveryPartitionOnce(group: ConsumerGroupDetails | null, partitionsCount: number): boolean {
  if (!group) return false;
  const owned = group.members.flatMap((m) => m.partitions).sort((a, b) => a - b);
  return owned.length === partitionsCount && owned.every((p, i) => p === i);
}
