// One source: polls the plugin, encodes and transforms what it produced, sends it to every
// [[streams]] target (in batch_length chunks, retried with backoff), and only then persists the
// plugin's new state. A crash between send and persist re-produces the batch on restart (at-
// least-once); sources that give deterministic message ids let sinks deduplicate.
import { Partitioning, type IggyClient, type SendMessage } from '@iggy-node/sdk';
import type { SourceStreamConfig } from '../config/connector-config.js';
import { SOURCE_POLL_MESSAGES_MAX } from '../limits.js';
import type { ConnectorLogger, JsonValue, Source } from '../plugin-api.js';
import { applyTransforms, type JsonTransform } from '../transforms/json-transforms.js';
import type { ConnectorState } from './connector-status.js';
import { encodeProducedPayload } from './payload-codec.js';
import { retryUntilDone, sleepOrStop, StoppedError, type RetryPolicy } from './retry.js';
import type { SourceStateStore } from './source-state-store.js';

export interface SourceTaskOptions {
  client: IggyClient;
  source: Source;
  state: ConnectorState;
  streams: readonly SourceStreamConfig[];
  transforms: readonly JsonTransform[];
  stateStore: SourceStateStore;
  retry: RetryPolicy;
  log: ConnectorLogger;
  signal: AbortSignal;
}

/** Pause after an empty poll, so a plugin that returns at once cannot spin the CPU. */
const EMPTY_POLL_PAUSE_MS = 10;

export async function runSourceTask(options: SourceTaskOptions): Promise<void> {
  const { client, source, state, streams, transforms, stateStore, retry, log, signal } = options;
  const reportRetry = (what: string) => (error: unknown, attempt: number, delayMs: number) => {
    state.recordError(error);
    log.warn(`${what} failed (attempt ${attempt}, next in ${delayMs} ms): ${error instanceof Error ? error.message : String(error)}`);
  };
  const persist = (value: JsonValue) => retryUntilDone(retry, signal, reportRetry(`persisting the state of source ${state.key}`), async () => stateStore.write(value));
  try {
    for (const stream of streams) {
      await retryUntilDone(retry, signal, reportRetry(`preparing ${stream.stream}/${stream.topic}`), () => ensureTopic(client, stream, log));
    }
    while (!signal.aborted && !source.finished?.()) {
      const batch = await retryUntilDone(retry, signal, reportRetry(`source ${state.key} poll`), () => source.poll(signal));
      if (batch.messages.length > SOURCE_POLL_MESSAGES_MAX) {
        throw new Error(`source ${state.key} produced ${batch.messages.length} messages in one poll, more than ${SOURCE_POLL_MESSAGES_MAX}`);
      }
      if (batch.messages.length === 0) {
        if (batch.state !== undefined) await persist(batch.state);
        else await sleepOrStop(EMPTY_POLL_PAUSE_MS, signal);
        continue;
      }
      state.messagesProduced += batch.messages.length;
      for (const stream of streams) {
        const encoded: SendMessage[] = batch.messages.map((message) => {
          const { bytes, json } = encodeProducedPayload(message, stream.schema);
          let payload = bytes;
          if (json !== undefined && transforms.length > 0) payload = Buffer.from(JSON.stringify(applyTransforms(transforms, structuredClone(json))), 'utf8');
          return { ...(message.id !== undefined ? { id: message.id } : {}), payload, ...(message.headers ? { headers: message.headers } : {}) };
        });
        for (let start = 0; start < encoded.length; start += stream.batchLength) {
          const chunk = encoded.slice(start, start + stream.batchLength);
          await retryUntilDone(retry, signal, reportRetry(`sending ${chunk.length} messages to ${stream.stream}/${stream.topic}`), () =>
            client.sendMessages({ streamId: stream.stream, topicId: stream.topic, partitioning: Partitioning.balanced(), messages: chunk }),
          );
        }
      }
      state.messagesSent += batch.messages.length;
      if (batch.state !== undefined) await persist(batch.state);
    }
    if (source.finished?.()) log.info(`source ${state.key} has produced everything it will`);
  } catch (error) {
    if (!(error instanceof StoppedError)) throw error;
  }
}

/** A source's target stream and topic are created (one partition) when missing. */
async function ensureTopic(client: IggyClient, stream: SourceStreamConfig, log: ConnectorLogger): Promise<void> {
  if (!(await client.getStream(stream.stream))) {
    await client.createStream(stream.stream).catch(async (error: unknown) => {
      if (!(await client.getStream(stream.stream))) throw error;
    });
    log.info(`created stream ${stream.stream}`);
  }
  if (!(await client.getTopic(stream.stream, stream.topic))) {
    await client.createTopic({ streamId: stream.stream, name: stream.topic, partitionsCount: 1 }).catch(async (error: unknown) => {
      if (!(await client.getTopic(stream.stream, stream.topic))) throw error;
    });
    log.info(`created topic ${stream.stream}/${stream.topic}`);
  }
}
