// PostgreSQL source (Iggy's iggy_connector_postgres_source, same plugin_config): reads new rows
// of each table by an incrementing tracking column (`WHERE col > last ORDER BY col LIMIT n`).
// mode = "polling" reads every poll_interval; mode = "notify" (ours; Iggy's "cdc" is not
// offered) LISTENs on notify_channel and reads as soon as a NOTIFY arrives, with poll_interval
// as the fallback, so a notification missed while disconnected delays rows but never loses them.
// The state is the last tracking value per table; message ids are derived from table and
// tracking value, so rows sent again after a crash keep their ids.
//
// Limitation (documented): rows must become visible in tracking-column order; a transaction
// that commits a smaller value after a larger one was read is skipped, as in Iggy's connector.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { defineSource, type JsonValue, type ProducedMessage } from '../plugin-api.js';
import { sleepOrStop, StoppedError } from '../runtime/retry.js';
import { PluginConfigReader } from './plugin-config.js';
import { quoteIdentifier, quoteQualifiedName } from './sql-identifiers.js';

interface PostgresSourceState {
  offsets: Record<string, string>;
}

const PAYLOAD_FORMATS = ['bytea', 'raw', 'text', 'json_direct', 'jsonb'] as const;

export default defineSource({
  create(context) {
    const where = `source ${context.key}`;
    const reader = new PluginConfigReader(context.config, where);
    const connectionString = reader.string('connection_string');
    const mode = reader.string('mode', 'polling');
    if (mode !== 'polling' && mode !== 'notify') throw new Error(`${where}: plugin_config.mode "${mode}" is not supported; use "polling" or "notify"`);
    const tables = reader.stringList('tables');
    if (tables.length === 0) throw new Error(`${where}: plugin_config.tables must name at least one table`);
    const pollIntervalMs = reader.durationMs('poll_interval', 1000);
    const batchSize = reader.integer('batch_size', 1000, 1, 100_000);
    const trackingColumn = reader.string('tracking_column', 'id');
    const initialOffset = reader.optionalString('initial_offset');
    const maxConnections = reader.integer('max_connections', 10, 1, 1000);
    const snakeCase = reader.boolean('snake_case_columns', false);
    const includeMetadata = reader.boolean('include_metadata', true);
    const payloadColumn = reader.optionalString('payload_column');
    const payloadFormat = reader.string('payload_format', 'bytea');
    if (!(PAYLOAD_FORMATS as readonly string[]).includes(payloadFormat)) throw new Error(`${where}: plugin_config.payload_format must be one of ${PAYLOAD_FORMATS.join(', ')}`);
    const channel = reader.string('notify_channel', `iggy_${context.key}`);
    const unsupported = reader.unsupported(['custom_query', 'delete_after_read', 'processed_column', 'enable_wal_cdc']);
    if (unsupported.length > 0) context.log.warn(`plugin_config ${unsupported.join(', ')} not supported by this connector and ignored`);

    const restored = context.state as Partial<PostgresSourceState> | null;
    const offsets: Record<string, string> = { ...(restored?.offsets ?? {}) };
    if (initialOffset !== null) for (const table of tables) offsets[table] ??= initialOffset;

    let pool: pg.Pool | null = null;
    let listener: pg.Client | null = null;
    let notified = false;
    let wake: (() => void) | null = null;
    let lastBatchFull = false;

    const ensureListener = async () => {
      if (mode !== 'notify' || listener) return;
      const client = new pg.Client({ connectionString });
      // A lost LISTEN connection may have missed notifications: wake the poller, whose next
      // poll reads the tables and listens again (retried with backoff while the server is down).
      const lost = () => {
        if (listener !== client) return;
        listener = null;
        notified = true;
        wake?.();
      };
      client.on('error', (error) => {
        context.log.warn(`LISTEN connection failed: ${error.message}`);
        lost();
      });
      client.on('end', lost);
      client.on('notification', () => {
        notified = true;
        wake?.();
      });
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(channel)}`);
      listener = client;
    };

    const waitForWork = async (signal: AbortSignal) => {
      if (lastBatchFull || notified) return;
      const abort = new AbortController();
      wake = () => abort.abort();
      const onStop = () => abort.abort();
      signal.addEventListener('abort', onStop, { once: true });
      try {
        await sleepOrStop(pollIntervalMs, abort.signal).catch(() => undefined);
      } finally {
        wake = null;
        signal.removeEventListener('abort', onStop);
      }
      if (signal.aborted) throw new StoppedError();
    };

    let first = true;
    let lastPollFailed = false;
    return {
      async open() {
        pool = new pg.Pool({ connectionString, max: maxConnections });
        pool.on('error', (error) => context.log.warn(`idle PostgreSQL connection failed: ${error.message}`));
        await pool.query('SELECT 1');
        await ensureListener();
        context.log.info(`reading ${tables.join(', ')} by ${trackingColumn} (${mode})`);
      },
      async poll(signal) {
        if (!pool) throw new Error(`${where} is not open`);
        // After a failed poll the runtime has already backed off: read again without waiting.
        if (!first && !lastPollFailed) await waitForWork(signal);
        first = false;
        lastPollFailed = true;
        notified = false;
        // Re-LISTEN before reading, so a NOTIFY sent between this read and the next wait is seen.
        await ensureListener();
        const messages: ProducedMessage[] = [];
        const nextOffsets = { ...offsets };
        lastBatchFull = false;
        for (const table of tables) {
          const since = nextOffsets[table];
          const column = quoteIdentifier(trackingColumn);
          const sql =
            since === undefined
              ? `SELECT * FROM ${quoteQualifiedName(table)} ORDER BY ${column} LIMIT $1`
              : `SELECT * FROM ${quoteQualifiedName(table)} WHERE ${column} > $2 ORDER BY ${column} LIMIT $1`;
          const result = await pool.query(sql, since === undefined ? [batchSize] : [batchSize, since]);
          if (result.rows.length === batchSize) lastBatchFull = true;
          for (const row of result.rows as Record<string, unknown>[]) {
            const tracking = row[trackingColumn];
            if (tracking === null || tracking === undefined) throw new Error(`${table}.${trackingColumn} is NULL; the tracking column must be set on every row`);
            const trackingText = tracking instanceof Date ? tracking.toISOString() : String(tracking);
            messages.push({ id: messageId(context.key, table, trackingText), payload: rowPayload(row, table) });
            nextOffsets[table] = trackingText;
          }
        }
        Object.assign(offsets, nextOffsets);
        lastPollFailed = false;
        return { messages, state: { offsets: { ...offsets } } satisfies PostgresSourceState };
      },
      async close() {
        await listener?.end().catch(() => undefined);
        listener = null;
        await pool?.end();
        pool = null;
      },
    };

    function rowPayload(row: Record<string, unknown>, table: string): ProducedMessage['payload'] {
      if (payloadColumn) {
        const value = row[payloadColumn];
        if (payloadFormat === 'bytea' || payloadFormat === 'raw') return Buffer.isBuffer(value) ? value : Buffer.from(String(value ?? ''), 'utf8');
        if (payloadFormat === 'text') return String(value ?? '');
        return (typeof value === 'string' ? JSON.parse(value) : toJson(value)) as JsonValue;
      }
      const data: Record<string, JsonValue> = {};
      for (const [key, value] of Object.entries(row)) data[snakeCase ? toSnakeCase(key) : key] = toJson(value);
      if (!includeMetadata) return data;
      return { table_name: table, operation_type: 'SELECT', timestamp: new Date().toISOString(), data, old_data: null };
    }
  },
});

/** 128 bits of sha256(key, table, tracking value): stable across restarts, distinct per row. */
function messageId(key: string, table: string, tracking: string): bigint {
  const digest = createHash('sha256').update(`${key}\0${table}\0${tracking}`).digest();
  return BigInt(`0x${digest.subarray(0, 16).toString('hex')}`);
}

function toJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value as JsonValue;
}

function toSnakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[\s-]+/g, '_').toLowerCase();
}
