// What the status API reports per connector: Iggy's SinkInfoResponse/SourceInfoResponse fields
// and the counters of its ConnectorStats.

export type ConnectorStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'error';

export interface ConnectorError {
  message: string;
  /** µs since epoch, as Iggy's IggyTimestamp serializes. */
  timestamp: number;
}

export class ConnectorState {
  status: ConnectorStatus = 'stopped';
  lastError: ConnectorError | null = null;
  errors = 0;
  /** Sources: messages the plugin produced / messages Iggy accepted. */
  messagesProduced = 0;
  messagesSent = 0;
  /** Sinks: messages polled from Iggy / messages the plugin acknowledged. */
  messagesConsumed = 0;
  messagesProcessed = 0;

  constructor(
    readonly id: number,
    readonly type: 'sink' | 'source',
    readonly key: string,
    readonly name: string,
    readonly path: string,
    readonly enabled: boolean,
    readonly version: number,
    readonly pluginConfigFormat: string | null,
  ) {}

  recordError(error: unknown): void {
    this.errors++;
    this.lastError = { message: error instanceof Error ? error.message : String(error), timestamp: Date.now() * 1000 };
  }

  info(): Record<string, unknown> {
    return {
      id: this.id,
      key: this.key,
      name: this.name,
      path: this.path,
      enabled: this.enabled,
      status: this.status,
      ...(this.lastError ? { last_error: this.lastError } : {}),
      ...(this.pluginConfigFormat ? { plugin_config_format: this.pluginConfigFormat } : {}),
    };
  }

  stats(): Record<string, unknown> {
    return {
      key: this.key,
      name: this.name,
      connector_type: this.type,
      version: String(this.version),
      status: this.status,
      enabled: this.enabled,
      ...(this.type === 'source' ? { messages_produced: this.messagesProduced, messages_sent: this.messagesSent } : { messages_consumed: this.messagesConsumed, messages_processed: this.messagesProcessed }),
      errors: this.errors,
    };
  }
}
