// Starts every enabled connector of the config directory and stops them all on request. Each
// connector runs on its own: one that cannot load or open is retried with backoff (its status
// says why), the others keep running.
import type { IggyClient } from '@iggy-node/sdk';
import { loadConnectorConfigs, type ConnectorConfig, type SinkConnectorConfig, type SourceConnectorConfig } from '../config/connector-config.js';
import { parseDurationMs } from '../config/durations.js';
import type { ConnectorsRuntimeConfig } from '../config/runtime-config.js';
import { RETRY_DELAY_MS_INITIAL_DEFAULT, RETRY_DELAY_MS_MAX_DEFAULT } from '../limits.js';
import type { ConnectorLogger, Sink, SinkPlugin, Source, SourcePlugin } from '../plugin-api.js';
import { buildTransforms } from '../transforms/json-transforms.js';
import { ConnectorState } from './connector-status.js';
import { connectIggy } from '@iggy-node/tool-support';
import { createLogger } from './logger.js';
import { loadPlugin, resolvePluginSpecifier } from './plugin-loader.js';
import { retryUntilDone, StoppedError, type RetryPolicy } from './retry.js';
import { runSinkTopicTask } from './sink-task.js';
import { SourceStateStore } from './source-state-store.js';
import { runSourceTask } from './source-task.js';

interface RunningConnector {
  config: ConnectorConfig;
  state: ConnectorState;
  done: Promise<void>;
}

export class ConnectorsRuntime {
  readonly startedAtMicros = Date.now() * 1000;
  readonly #abort = new AbortController();
  readonly #connectors: RunningConnector[] = [];
  #consumerClient: IggyClient | null = null;
  #producerClient: IggyClient | null = null;

  private constructor(readonly config: ConnectorsRuntimeConfig) {}

  /** Connects to Iggy (a consumer and a producer connection, as Iggy's runtime) and starts the connectors. */
  static async start(config: ConnectorsRuntimeConfig, log: ConnectorLogger = createLogger('iggy-connectors'), configPath: string | null = null): Promise<ConnectorsRuntime> {
    const runtime = new ConnectorsRuntime(config);
    const configs = config.connectors.config_dir ? loadConnectorConfigs(config.connectors.config_dir, (line) => log.warn(line), configPath) : [];
    log.info(`found ${configs.filter((c) => c.type === 'source').length} source and ${configs.filter((c) => c.type === 'sink').length} sink configurations in ${config.connectors.config_dir}`);
    runtime.#consumerClient = await connectIggy(config.iggy);
    runtime.#producerClient = await connectIggy(config.iggy);
    log.info(`connected to Iggy at ${config.iggy.address}`);
    const retry: RetryPolicy = {
      initialDelayMs: parseDurationMs(config.retry.initial_delay, '[retry] initial_delay', RETRY_DELAY_MS_INITIAL_DEFAULT),
      maxDelayMs: parseDurationMs(config.retry.max_delay, '[retry] max_delay', RETRY_DELAY_MS_MAX_DEFAULT),
    };
    let id = 0;
    for (const connector of configs) {
      const state = new ConnectorState(++id, connector.type, connector.key, connector.name, connector.path, connector.enabled, connector.version, connector.pluginConfigFormat);
      if (!connector.enabled) {
        runtime.#connectors.push({ config: connector, state, done: Promise.resolve() });
        continue;
      }
      const done = connector.type === 'sink' ? runtime.#runSink(connector, state, retry) : runtime.#runSource(connector, state, retry);
      runtime.#connectors.push({
        config: connector,
        state,
        done: done.then(
          () => {
            state.status = 'stopped';
          },
          (error: unknown) => {
            state.status = 'error';
            state.recordError(error);
            log.error(`${connector.type} ${connector.key} failed: ${error instanceof Error ? error.message : String(error)}`);
          },
        ),
      });
    }
    return runtime;
  }

  connectors(): readonly { config: ConnectorConfig; state: ConnectorState }[] {
    return this.#connectors;
  }

  /** Stops every connector (each finishes or abandons its current batch), closes plugins and connections. */
  async stop(): Promise<void> {
    for (const connector of this.#connectors) if (connector.state.status === 'running' || connector.state.status === 'starting') connector.state.status = 'stopping';
    this.#abort.abort();
    await Promise.all(this.#connectors.map((connector) => connector.done));
    await Promise.all([this.#consumerClient?.close(), this.#producerClient?.close()].map((p) => p?.catch(() => undefined)));
  }

  async #openPlugin<T extends Sink | Source>(connector: ConnectorConfig, state: ConnectorState, retry: RetryPolicy, create: (plugin: SinkPlugin | SourcePlugin, log: ConnectorLogger) => Promise<T>): Promise<T> {
    const log = createLogger(`${connector.type}:${connector.key}`, connector.verbose);
    state.status = 'starting';
    const specifier = resolvePluginSpecifier(connector.type, connector.key, connector.path, connector.dir);
    return retryUntilDone(
      retry,
      this.#abort.signal,
      (error, attempt, delayMs) => {
        state.recordError(error);
        log.warn(`opening the plugin failed (attempt ${attempt}, next in ${delayMs} ms): ${error instanceof Error ? error.message : String(error)}`);
      },
      async () => {
        const plugin = await loadPlugin(connector.type, specifier);
        const instance = await create(plugin, log);
        try {
          await instance.open?.();
        } catch (error) {
          await instance.close?.().catch(() => undefined);
          throw error;
        }
        return instance;
      },
    );
  }

  async #runSink(connector: SinkConnectorConfig, state: ConnectorState, retry: RetryPolicy): Promise<void> {
    const log = createLogger(`sink:${connector.key}`, connector.verbose);
    const transforms = buildTransforms(connector.transforms, connector.file);
    let sink: Sink;
    try {
      sink = await this.#openPlugin<Sink>(connector, state, retry, async (plugin, pluginLog) =>
        (plugin as SinkPlugin).create({ key: connector.key, name: connector.name, config: connector.pluginConfig, configDir: connector.dir, verbose: connector.verbose, log: pluginLog }),
      );
    } catch (error) {
      if (error instanceof StoppedError) return;
      throw error;
    }
    state.status = 'running';
    log.info(`running: ${connector.streams.map((s) => `${s.stream}/[${s.topics.join(',')}] group ${s.consumerGroup}`).join('; ')}`);
    try {
      const tasks = connector.streams.flatMap((stream) =>
        stream.topics.map((topic) => runSinkTopicTask({ client: this.#consumerClient!, sink, state, stream, topic, transforms, retry, log, signal: this.#abort.signal })),
      );
      await Promise.all(tasks);
    } finally {
      await sink.close?.().catch((error: unknown) => log.warn(`close failed: ${String(error)}`));
    }
  }

  async #runSource(connector: SourceConnectorConfig, state: ConnectorState, retry: RetryPolicy): Promise<void> {
    const log = createLogger(`source:${connector.key}`, connector.verbose);
    const transforms = buildTransforms(connector.transforms, connector.file);
    const stateStore = new SourceStateStore(this.config.state.path, connector.key);
    let source: Source;
    try {
      source = await this.#openPlugin<Source>(connector, state, retry, async (plugin, pluginLog) =>
        (plugin as SourcePlugin).create({
          key: connector.key,
          name: connector.name,
          config: connector.pluginConfig,
          configDir: connector.dir,
          verbose: connector.verbose,
          log: pluginLog,
          state: stateStore.read(),
        }),
      );
    } catch (error) {
      if (error instanceof StoppedError) return;
      throw error;
    }
    state.status = 'running';
    log.info(`running: to ${connector.streams.map((s) => `${s.stream}/${s.topic}`).join(', ')}`);
    try {
      await runSourceTask({ client: this.#producerClient!, source, state, streams: connector.streams, transforms, stateStore, retry, log, signal: this.#abort.signal });
    } finally {
      await source.close?.().catch((error: unknown) => log.warn(`close failed: ${String(error)}`));
    }
  }
}
