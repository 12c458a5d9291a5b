// One sink on one topic: polls as a member of the connector's consumer group, decodes and
// transforms the batch, hands it to the plugin, and stores the group offset only after the
// plugin acknowledged it (at-least-once). A failing plugin is retried with backoff while the
// batch is held, so at most one batch per topic is in memory and a dead target loses nothing.
import { Consumer, ErrorCode, IggyError, PollingStrategy, type IggyClient, type PolledMessage } from '@iggy-node/sdk';
import type { SinkStreamConfig } from '../config/connector-config.js';
import type { ConnectorLogger, ConsumedMessage, Sink } from '../plugin-api.js';
import { applyTransforms, type JsonTransform } from '../transforms/json-transforms.js';
import type { ConnectorState } from './connector-status.js';
import { decodeJsonPayload } from './payload-codec.js';
import { retryUntilDone, sleepOrStop, StoppedError, type RetryPolicy } from './retry.js';

export interface SinkTopicTaskOptions {
  client: IggyClient;
  sink: Sink;
  state: ConnectorState;
  stream: SinkStreamConfig;
  topic: string;
  transforms: readonly JsonTransform[];
  retry: RetryPolicy;
  log: ConnectorLogger;
  signal: AbortSignal;
}

/** Tries to store an acknowledged batch's offset before re-joining and polling again. */
const OFFSET_STORE_ATTEMPTS = 3;
/** Longest wait between empty polls; the configured poll_interval doubles up to this. */
const EMPTY_POLL_DELAY_MS_MAX = 500;

export async function runSinkTopicTask(options: SinkTopicTaskOptions): Promise<void> {
  const { client, sink, state, stream, topic, transforms, retry, log, signal } = options;
  const topicMetadata = { stream: stream.stream, topic };
  const reportRetry = (what: string) => (error: unknown, attempt: number, delayMs: number) => {
    state.recordError(error);
    log.warn(`${what} failed (attempt ${attempt}, next in ${delayMs} ms): ${error instanceof Error ? error.message : String(error)}`);
  };

  let joined = false;
  let emptyDelayMs = stream.pollIntervalMs;
  try {
    while (!signal.aborted) {
      if (!joined) {
        await retryUntilDone(retry, signal, reportRetry(`joining consumer group ${stream.consumerGroup} on ${stream.stream}/${topic}`), () =>
          joinGroup(client, stream.stream, topic, stream.consumerGroup),
        );
        joined = true;
      }
      const consumer = Consumer.group(stream.consumerGroup);
      let polled;
      try {
        polled = await client.pollMessages({
          consumer,
          streamId: stream.stream,
          topicId: topic,
          partitionId: null,
          strategy: PollingStrategy.next(),
          count: stream.batchLength,
          autoCommit: false,
        });
      } catch (error) {
        // A reconnected client is no longer a group member: join again before the next poll.
        joined = false;
        reportRetry(`polling ${stream.stream}/${topic}`)(error, 1, retry.initialDelayMs);
        await sleepOrStop(retry.initialDelayMs, signal);
        continue;
      }
      if (polled.messages.length === 0) {
        await sleepOrStop(emptyDelayMs, signal);
        emptyDelayMs = Math.min(Math.max(emptyDelayMs * 2, 1), Math.max(EMPTY_POLL_DELAY_MS_MAX, stream.pollIntervalMs));
        continue;
      }
      emptyDelayMs = stream.pollIntervalMs;
      state.messagesConsumed += polled.messages.length;
      const messages = decodeBatch(polled.messages, stream.schema, transforms, (error, message) => {
        state.recordError(error);
        log.error(`message at offset ${message.offset} of ${stream.stream}/${topic} partition ${polled.partitionId} is not valid ${stream.schema}; skipped`);
      });
      if (messages.length > 0) {
        const metadata = { partitionId: polled.partitionId, currentOffset: polled.currentOffset, schema: stream.schema };
        await retryUntilDone(retry, signal, reportRetry(`sink ${state.key} writing ${messages.length} messages`), () => sink.consume(topicMetadata, metadata, messages));
        state.messagesProcessed += messages.length;
      }
      const last = polled.messages[polled.messages.length - 1]!;
      const store = () => client.storeConsumerOffset({ consumer, streamId: stream.stream, topicId: topic, partitionId: polled.partitionId, offset: last.offset });
      let stored = false;
      for (let attempt = 1; attempt <= OFFSET_STORE_ATTEMPTS && !stored; attempt++) {
        try {
          await store();
          stored = true;
        } catch (error) {
          reportRetry(`storing offset ${last.offset} of ${stream.stream}/${topic}`)(error, attempt, retry.initialDelayMs);
          // Stopping with an acknowledged batch: that one try was the last; it comes again later.
          if (signal.aborted) throw new StoppedError();
          await sleepOrStop(retry.initialDelayMs * attempt, signal);
        }
      }
      // Not stored (the server restarted, the group moved on): poll again as a fresh member; the
      // batch may come again, which at-least-once allows and an idempotent sink absorbs.
      if (!stored) joined = false;
    }
  } catch (error) {
    if (!(error instanceof StoppedError)) throw error;
  } finally {
    if (joined) await client.leaveConsumerGroup(stream.stream, topic, stream.consumerGroup).catch(() => undefined);
  }
}

async function joinGroup(client: IggyClient, stream: string, topic: string, group: string): Promise<void> {
  const existing = await client.getConsumerGroup(stream, topic, group);
  if (!existing) {
    try {
      await client.createConsumerGroup(stream, topic, group);
    } catch (error) {
      if (!(error instanceof IggyError && error.code === ErrorCode.ConsumerGroupNameAlreadyExists)) throw error;
    }
  }
  await client.joinConsumerGroup(stream, topic, group);
}

function decodeBatch(
  polled: readonly PolledMessage[],
  schema: SinkStreamConfig['schema'],
  transforms: readonly JsonTransform[],
  onInvalid: (error: unknown, message: PolledMessage) => void,
): ConsumedMessage[] {
  const out: ConsumedMessage[] = [];
  for (const message of polled) {
    const consumed: ConsumedMessage = {
      id: message.id,
      offset: message.offset,
      timestamp: message.timestamp,
      originTimestamp: message.originTimestamp,
      checksum: message.checksum,
      headers: message.headers,
      payload: message.payload,
    };
    if (schema === 'json') {
      try {
        const decoded = decodeJsonPayload(message.payload);
        consumed.json = applyTransforms(transforms, decoded);
        if (transforms.length > 0) consumed.payload = Buffer.from(JSON.stringify(consumed.json), 'utf8');
      } catch (error) {
        onInvalid(error, message);
        continue;
      }
    }
    out.push(consumed);
  }
  return out;
}
