/**
 * The shape of the configuration tree, key by key, with the value kind of every leaf. One
 * description drives three things so they cannot drift apart: converting TOML/env values into
 * ServerConfig (convert-raw-config.ts), writing ServerConfig back as TOML (config-to-raw.ts), and
 * generating the IGGY_* variable names (env-overrides.ts), as Iggy derives them from its structs.
 */

export type LeafKind =
  | 'bool'
  | 'string'
  /** Array of strings; in env as `[a, b]`. */
  | 'string_array'
  | 'u16'
  | 'u32'
  | 'u64'
  /** Byte size → bytes. */
  | 'size'
  /** Byte size → bytes, or null when absent (Iggy's Option<String> WebSocket sizes). */
  | 'optional_size'
  /** Port number, or null when absent. */
  | 'optional_port'
  /** Duration → milliseconds. */
  | 'duration'
  /** Expiry → milliseconds or null (never); server_default is rejected. */
  | 'expiry'
  /** Topic size → bytes or null (unlimited); server_default is rejected. */
  | 'max_topic_size'
  | 'cache_indexes'
  | 'cpu_allocation'
  | 'compression_algorithm'
  | 'telemetry_transport';

const ARRAY_ITEM = Symbol('arrayItem');

/** An array of tables (`[[cluster.node.others]]`). */
export interface ArrayOfTablesSchema {
  readonly [ARRAY_ITEM]: TableSchema;
}

export type SchemaNode = LeafKind | TableSchema | ArrayOfTablesSchema;

export interface TableSchema {
  readonly [key: string]: SchemaNode;
}

function arrayOf(item: TableSchema): ArrayOfTablesSchema {
  return { [ARRAY_ITEM]: item };
}

export function isArrayOfTables(node: SchemaNode): node is ArrayOfTablesSchema {
  return typeof node === 'object' && ARRAY_ITEM in node;
}

export function arrayItemSchema(node: ArrayOfTablesSchema): TableSchema {
  return node[ARRAY_ITEM];
}

/** Iggy's arrays of tables take env indices 0..9 only. */
export const ENV_ARRAY_INDEX_MAX = 9;

const tlsFiles: TableSchema = { enabled: 'bool', self_signed: 'bool', cert_file: 'string', key_file: 'string' };

export const CONFIG_SCHEMA: TableSchema = {
  consumer_group: { rebalancing_timeout: 'duration', rebalancing_check_interval: 'duration' },
  data_maintenance: { messages: { cleaner_enabled: 'bool', interval: 'duration' } },
  message_saver: { enabled: 'bool', enforce_fsync: 'bool', interval: 'duration' },
  personal_access_token: { max_tokens_per_user: 'u32', cleaner: { enabled: 'bool', interval: 'duration' } },
  heartbeat: { enabled: 'bool', interval: 'duration' },
  connections: { login_timeout: 'duration', frame_read_timeout: 'duration', max_connections: 'u32', max_queued_response_size: 'size' },
  system: {
    path: 'string',
    backup: {
      path: 'string',
      compatibility: { path: 'string' },
      // Ours (not in Iggy 0.7): archive to an S3-compatible bucket instead of `path`.
      s3: {
        enabled: 'bool',
        endpoint: 'string',
        region: 'string',
        bucket: 'string',
        key_prefix: 'string',
        access_key_id: 'string',
        secret_access_key: 'string',
        force_path_style: 'bool',
      },
    },
    state: { enforce_fsync: 'bool', max_file_operation_retries: 'u32', retry_delay: 'duration' },
    runtime: { path: 'string' },
    logging: {
      path: 'string',
      level: 'string',
      format: 'string',
      file_enabled: 'bool',
      max_file_size: 'size',
      max_total_size: 'size',
      rotation_check_interval: 'duration',
      retention: 'duration',
      sysinfo_print_interval: 'duration',
    },
    stream: { path: 'string' },
    topic: { path: 'string', max_size: 'max_topic_size', message_expiry: 'expiry' },
    partition: {
      path: 'string',
      messages_required_to_save: 'u32',
      size_of_messages_required_to_save: 'size',
      enforce_fsync: 'bool',
      validate_checksum: 'bool',
    },
    segment: { size: 'size', cache_indexes: 'cache_indexes', archive_expired: 'bool' },
    encryption: { enabled: 'bool', key: 'string' },
    compression: { allow_override: 'bool', default_algorithm: 'compression_algorithm' },
    message_deduplication: { enabled: 'bool', max_entries: 'u64', expiry: 'duration' },
    recovery: { recreate_missing_state: 'bool' },
    memory_pool: { enabled: 'bool', size: 'size', bucket_capacity: 'u32' },
    sharding: { cpu_allocation: 'cpu_allocation' },
  },
  quic: {
    enabled: 'bool',
    address: 'string',
    max_concurrent_bidi_streams: 'u64',
    datagram_send_buffer_size: 'size',
    initial_mtu: 'size',
    send_window: 'size',
    receive_window: 'size',
    keep_alive_interval: 'duration',
    max_idle_timeout: 'duration',
    certificate: { self_signed: 'bool', cert_file: 'string', key_file: 'string' },
    socket: { override_defaults: 'bool', recv_buffer_size: 'size', send_buffer_size: 'size', keepalive: 'bool' },
  },
  tcp: {
    enabled: 'bool',
    address: 'string',
    ipv6: 'bool',
    tls: tlsFiles,
    socket: {
      override_defaults: 'bool',
      recv_buffer_size: 'size',
      send_buffer_size: 'size',
      keepalive: 'bool',
      nodelay: 'bool',
      linger: 'duration',
    },
    socket_migration: 'bool',
  },
  http: {
    enabled: 'bool',
    address: 'string',
    max_request_size: 'size',
    web_ui: 'bool',
    cors: {
      enabled: 'bool',
      allowed_methods: 'string_array',
      allowed_origins: 'string_array',
      allowed_headers: 'string_array',
      exposed_headers: 'string_array',
      allow_credentials: 'bool',
      allow_private_network: 'bool',
    },
    jwt: {
      algorithm: 'string',
      issuer: 'string',
      audience: 'string',
      valid_issuers: 'string_array',
      valid_audiences: 'string_array',
      access_token_expiry: 'expiry',
      clock_skew: 'duration',
      not_before: 'duration',
      encoding_secret: 'string',
      decoding_secret: 'string',
      use_base64_secret: 'bool',
    },
    metrics: { enabled: 'bool', endpoint: 'string' },
    tls: { enabled: 'bool', self_signed: 'bool', cert_file: 'string', key_file: 'string' },
  },
  websocket: {
    enabled: 'bool',
    address: 'string',
    read_buffer_size: 'optional_size',
    write_buffer_size: 'optional_size',
    max_write_buffer_size: 'optional_size',
    max_message_size: 'optional_size',
    max_frame_size: 'optional_size',
    accept_unmasked_frames: 'bool',
    tls: tlsFiles,
  },
  telemetry: {
    enabled: 'bool',
    service_name: 'string',
    logs: { transport: 'telemetry_transport', endpoint: 'string' },
    traces: { transport: 'telemetry_transport', endpoint: 'string' },
  },
  cluster: {
    enabled: 'bool',
    name: 'string',
    node: {
      current: { name: 'string', ip: 'string' },
      others: arrayOf({
        name: 'string',
        ip: 'string',
        ports: { tcp: 'optional_port', quic: 'optional_port', http: 'optional_port', websocket: 'optional_port' },
      }),
    },
  },
};

/** Keys whose values are secrets: masked when the config is logged (Iggy's `#[config_env(secret)]`). */
export const SECRET_CONFIG_KEYS: readonly string[] = [
  'system.encryption.key',
  'system.backup.s3.secret_access_key',
  'http.jwt.encoding_secret',
  'http.jwt.decoding_secret',
];
