// PostgreSQL sink (Iggy's iggy_connector_postgres_sink, same plugin_config): inserts each batch
// into target_table with one multi-row INSERT ... ON CONFLICT (id) DO NOTHING, keyed by the
// Iggy message id, so a batch delivered again after a crash or a failed acknowledgement is
// stored once. The table is created when auto_create_table is set.
import pg from 'pg';
import { defineSink, type ConsumedMessage, type MessagesMetadata, type TopicMetadata } from '../plugin-api.js';
import { PluginConfigReader } from './plugin-config.js';
import { quoteIdentifier, quoteQualifiedName } from './sql-identifiers.js';

const PAYLOAD_FORMATS = ['bytea', 'json', 'text'] as const;
type PayloadFormat = (typeof PAYLOAD_FORMATS)[number];
/** Postgres binds at most 65535 parameters per statement; batches are split below that. */
const SQL_PARAMETERS_MAX = 65_535;

export default defineSink({
  create(context) {
    const where = `sink ${context.key}`;
    const reader = new PluginConfigReader(context.config, where);
    const connectionString = reader.string('connection_string');
    const table = reader.string('target_table', 'iggy_messages');
    const batchSize = reader.integer('batch_size', 100, 1, 10_000);
    const maxConnections = reader.integer('max_connections', 10, 1, 1000);
    const autoCreate = reader.boolean('auto_create_table', false);
    const includeMetadata = reader.boolean('include_metadata', true);
    const includeChecksum = reader.boolean('include_checksum', true);
    const includeOriginTimestamp = reader.boolean('include_origin_timestamp', true);
    const payloadFormat = reader.string('payload_format', 'bytea') as PayloadFormat;
    if (!PAYLOAD_FORMATS.includes(payloadFormat)) throw new Error(`${where}: plugin_config.payload_format must be one of ${PAYLOAD_FORMATS.join(', ')}`);
    const qualifiedTable = quoteQualifiedName(table);

    const columns = ['id'];
    if (includeMetadata) columns.push('iggy_offset', 'iggy_timestamp', 'iggy_stream', 'iggy_topic', 'iggy_partition_id');
    if (includeChecksum) columns.push('iggy_checksum');
    if (includeOriginTimestamp) columns.push('iggy_origin_timestamp');
    columns.push('payload');
    const rowsPerStatement = Math.max(1, Math.min(batchSize, Math.floor(SQL_PARAMETERS_MAX / columns.length)));

    let pool: pg.Pool | null = null;
    return {
      async open() {
        pool = new pg.Pool({ connectionString, max: maxConnections });
        // An idle client losing its server must not crash the runtime; the next query reconnects.
        pool.on('error', (error) => context.log.warn(`idle PostgreSQL connection failed: ${error.message}`));
        if (autoCreate) await pool.query(createTableSql(qualifiedTable, includeMetadata, includeChecksum, includeOriginTimestamp, payloadFormat));
        else await pool.query('SELECT 1');
        context.log.info(`writing to ${table}${autoCreate ? ' (created if missing)' : ''}`);
      },
      async consume(topic: TopicMetadata, metadata: MessagesMetadata, messages: ConsumedMessage[]) {
        if (!pool) throw new Error(`${where} is not open`);
        for (let start = 0; start < messages.length; start += rowsPerStatement) {
          const chunk = messages.slice(start, start + rowsPerStatement);
          const values: unknown[] = [];
          const rows: string[] = [];
          for (const message of chunk) {
            const base = values.length;
            values.push(message.id.toString());
            if (includeMetadata) values.push(message.offset.toString(), microsToDate(message.timestamp), topic.stream, topic.topic, metadata.partitionId);
            if (includeChecksum) values.push(BigInt.asIntN(64, message.checksum).toString());
            if (includeOriginTimestamp) values.push(microsToDate(message.originTimestamp));
            values.push(payloadValue(message, payloadFormat));
            rows.push(`(${columns.map((_, i) => `$${base + i + 1}`).join(', ')})`);
          }
          const sql = `INSERT INTO ${qualifiedTable} (${columns.map(quoteIdentifier).join(', ')}) VALUES ${rows.join(', ')} ON CONFLICT (id) DO NOTHING`;
          await pool.query(sql, values);
        }
      },
      async close() {
        await pool?.end();
        pool = null;
      },
    };
  },
});

function createTableSql(table: string, metadata: boolean, checksum: boolean, origin: boolean, format: PayloadFormat): string {
  const columns = ['id NUMERIC(39, 0) PRIMARY KEY'];
  if (metadata) columns.push('iggy_offset BIGINT', 'iggy_timestamp TIMESTAMPTZ', 'iggy_stream TEXT', 'iggy_topic TEXT', 'iggy_partition_id INTEGER');
  if (checksum) columns.push('iggy_checksum BIGINT');
  if (origin) columns.push('iggy_origin_timestamp TIMESTAMPTZ');
  columns.push(`payload ${format === 'json' ? 'JSONB' : format === 'text' ? 'TEXT' : 'BYTEA'}`, 'created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()');
  return `CREATE TABLE IF NOT EXISTS ${table} (${columns.join(', ')})`;
}

function microsToDate(micros: bigint): Date {
  return new Date(Number(micros / 1000n));
}

function payloadValue(message: ConsumedMessage, format: PayloadFormat): unknown {
  if (format === 'bytea') return message.payload;
  if (format === 'text') return message.payload.toString('utf8');
  // jsonb: the decoded value when the stream is json, else the payload must parse as JSON.
  return message.json !== undefined ? JSON.stringify(message.json) : message.payload.toString('utf8');
}
