// The contract between the runtime and a connector plugin. A plugin is an ES module (an npm
// package or a local file) whose default export is `defineSink({...})` or `defineSource({...})`.
//
// Delivery: a sink's consume() resolving is its acknowledgement; only then does the runtime
// store the consumer group offset. A rejection is retried with backoff (the batch is held, no
// more is polled), so a sink must be idempotent: after a crash the last unacknowledged batch
// is delivered again. A source returns messages plus its new state; the runtime persists the
// state only after Iggy accepted the messages, and hands the last persisted state back on start.
import type { UserHeaders } from '@iggy-node/sdk';

/** How payloads are read and written, as Iggy's `schema` setting (json, raw, text). */
export type Schema = 'json' | 'raw' | 'text';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface ConnectorLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  debug(message: string): void;
}

export interface PluginContext {
  /** Connector key from its config file (`key = "postgres"`). */
  key: string;
  /** Display name (`name = "Postgres sink"`). */
  name: string;
  /** The connector file's `[plugin_config]` table as parsed (TOML/JSON values). */
  config: Record<string, unknown>;
  /** Directory of the connector's config file, for resolving relative paths in plugin_config. */
  configDir: string;
  verbose: boolean;
  log: ConnectorLogger;
}

export interface TopicMetadata {
  stream: string;
  topic: string;
}

export interface MessagesMetadata {
  partitionId: number;
  /** The partition's last assigned offset when the batch was polled. */
  currentOffset: bigint;
  schema: Schema;
}

export interface ConsumedMessage {
  id: bigint;
  offset: bigint;
  /** Server append time, µs since epoch. */
  timestamp: bigint;
  originTimestamp: bigint;
  checksum: bigint;
  headers: UserHeaders | null;
  /** Bytes as stored in Iggy (after transforms, re-encoded, for json). */
  payload: Buffer;
  /** The decoded payload when the stream's schema is json (after transforms). */
  json?: JsonValue;
}

export interface Sink {
  open?(): Promise<void>;
  /** Writes the batch; resolving acknowledges it. Rejecting makes the runtime retry it. */
  consume(topic: TopicMetadata, metadata: MessagesMetadata, messages: ConsumedMessage[]): Promise<void>;
  close?(): Promise<void>;
}

export interface ProducedMessage {
  /** Message id (u128). Give a deterministic one so that re-sent messages can be deduplicated downstream. */
  id?: bigint;
  /** A JSON value (schema json) or bytes/text (schema raw/text). */
  payload: JsonValue | Buffer | string;
  headers?: UserHeaders;
}

export interface ProducedBatch {
  messages: ProducedMessage[];
  /** State to persist once the messages are in Iggy; undefined keeps the previous state. */
  state?: JsonValue;
}

export interface SourceContext extends PluginContext {
  /** The state persisted after the last batch Iggy accepted, or null on the first start. */
  state: JsonValue | null;
}

export interface Source {
  open?(): Promise<void>;
  /**
   * The next batch; may wait (honouring `signal`) and may return no messages. Rejecting makes
   * the runtime back off and call poll() again with the same persisted state.
   */
  poll(signal: AbortSignal): Promise<ProducedBatch>;
  close?(): Promise<void>;
  /** True once the source has nothing more to produce (e.g. random source after max_count). */
  finished?(): boolean;
}

export interface SinkPlugin {
  type: 'sink';
  create(context: PluginContext): Sink | Promise<Sink>;
}

export interface SourcePlugin {
  type: 'source';
  create(context: SourceContext): Source | Promise<Source>;
}

export type ConnectorPlugin = SinkPlugin | SourcePlugin;

/** Typing helper for a sink plugin module: `export default defineSink({ create(ctx) {...} })`. */
export function defineSink(plugin: Omit<SinkPlugin, 'type'>): SinkPlugin {
  return { type: 'sink', ...plugin };
}

/** Typing helper for a source plugin module: `export default defineSource({ create(ctx) {...} })`. */
export function defineSource(plugin: Omit<SourcePlugin, 'type'>): SourcePlugin {
  return { type: 'source', ...plugin };
}
