import type { RawTable } from './raw-config.js';

/**
 * The configuration built into the server, the first layer under the config file and IGGY_*
 * variables, so a server with no file still starts (Iggy compiles its config.toml in the same
 * way). It is configs/server.toml as a TOML-shaped object, written by hand; a unit test checks
 * that both parse to the same ServerConfig, so change them together.
 *
 * Kept as raw strings ("1 GiB", "30 s") rather than parsed numbers, so defaults go through the
 * same converter and validation as any file.
 */
export const DEFAULT_RAW_CONFIG: RawTable = {
  consumer_group: { rebalancing_timeout: '30s', rebalancing_check_interval: '5s' },
  data_maintenance: { messages: { cleaner_enabled: false, interval: '1 m' } },
  http: {
    enabled: true,
    address: '127.0.0.1:3000',
    max_request_size: '2 MB',
    web_ui: false,
    cors: {
      enabled: true,
      allowed_methods: ['GET', 'POST', 'PUT', 'DELETE'],
      allowed_origins: ['*'],
      allowed_headers: ['content-type', 'authorization'],
      exposed_headers: [''],
      allow_credentials: false,
      allow_private_network: false,
    },
    jwt: {
      algorithm: 'HS256',
      issuer: 'iggy.apache.org',
      audience: 'iggy.apache.org',
      valid_issuers: ['iggy.apache.org'],
      valid_audiences: ['iggy.apache.org'],
      access_token_expiry: '1 h',
      clock_skew: '5 s',
      not_before: '0 s',
      encoding_secret: 'top_secret$iggy123$_jwt_HS256_key#!',
      decoding_secret: 'top_secret$iggy123$_jwt_HS256_key#!',
      use_base64_secret: false,
    },
    metrics: { enabled: true, endpoint: '/metrics' },
    tls: { enabled: false, self_signed: false, cert_file: 'core/certs/iggy_cert.pem', key_file: 'core/certs/iggy_key.pem' },
  },
  tcp: {
    enabled: true,
    address: '127.0.0.1:8090',
    socket_migration: true,
    ipv6: false,
    tls: { enabled: false, self_signed: true, cert_file: 'core/certs/iggy_cert.pem', key_file: 'core/certs/iggy_key.pem' },
    socket: {
      override_defaults: false,
      recv_buffer_size: '100 KB',
      send_buffer_size: '100 KB',
      keepalive: false,
      nodelay: false,
      linger: '0 s',
    },
  },
  quic: {
    enabled: true,
    address: '127.0.0.1:8080',
    max_concurrent_bidi_streams: 10_000,
    datagram_send_buffer_size: '100 KB',
    initial_mtu: '8 KB',
    send_window: '100 KB',
    receive_window: '100 KB',
    keep_alive_interval: '5 s',
    max_idle_timeout: '10 s',
    certificate: { self_signed: true, cert_file: 'core/certs/iggy_cert.pem', key_file: 'core/certs/iggy_key.pem' },
    socket: { override_defaults: false, recv_buffer_size: '64 KB', send_buffer_size: '64 KB', keepalive: false },
  },
  message_saver: { enabled: true, enforce_fsync: true, interval: '30 s' },
  personal_access_token: { max_tokens_per_user: 100, cleaner: { enabled: true, interval: '1 m' } },
  heartbeat: { enabled: false, interval: '5 s' },
  connections: { login_timeout: '10 s', frame_read_timeout: '30 s', max_connections: 10_000, max_queued_response_size: '256 MiB' },
  telemetry: {
    enabled: false,
    service_name: 'iggy',
    logs: { transport: 'grpc', endpoint: 'http://localhost:7281/v1/logs' },
    traces: { transport: 'grpc', endpoint: 'http://localhost:7281/v1/traces' },
  },
  system: {
    path: 'local_data',
    backup: {
      path: 'backup',
      compatibility: { path: 'compatibility' },
      s3: {
        enabled: false,
        endpoint: '',
        region: 'us-east-1',
        bucket: '',
        key_prefix: '',
        access_key_id: '',
        secret_access_key: '',
        force_path_style: true,
      },
    },
    state: { enforce_fsync: false, max_file_operation_retries: 1, retry_delay: '1 s' },
    runtime: { path: 'runtime' },
    logging: {
      path: 'logs',
      level: 'info',
      file_enabled: true,
      max_file_size: '500 MB',
      max_total_size: '4 GB',
      rotation_check_interval: '1 h',
      retention: '7 days',
      sysinfo_print_interval: '10 s',
      format: 'auto',
    },
    encryption: { enabled: false, key: '' },
    compression: { allow_override: false, default_algorithm: 'none' },
    stream: { path: 'streams' },
    topic: { path: 'topics', max_size: 'unlimited', message_expiry: 'none' },
    partition: {
      path: 'partitions',
      enforce_fsync: false,
      validate_checksum: false,
      messages_required_to_save: 1024,
      size_of_messages_required_to_save: '1 MiB',
    },
    segment: { size: '1 GiB', archive_expired: false, cache_indexes: 'open_segment' },
    message_deduplication: { enabled: false, max_entries: 10000, expiry: '1 m' },
    recovery: { recreate_missing_state: false },
    memory_pool: { enabled: true, size: '4 GiB', bucket_capacity: 8192 },
    // Iggy ships "numa:auto"; see the comment in configs/server.toml for why we ship "all".
    sharding: { cpu_allocation: 'all' },
  },
  cluster: {
    enabled: false,
    name: 'iggy-cluster',
    node: {
      current: { name: 'iggy-node-1', ip: '127.0.0.1' },
      others: [{ name: 'iggy-node-2', ip: '127.0.0.1', ports: { tcp: 8091, quic: 8081, http: 3001, websocket: 8093 } }],
    },
  },
  websocket: {
    enabled: true,
    address: '127.0.0.1:8092',
    accept_unmasked_frames: false,
    tls: { enabled: false, self_signed: true, cert_file: 'core/certs/iggy_cert.pem', key_file: 'core/certs/iggy_key.pem' },
  },
};

/** Where the config file is looked for when neither --config nor IGGY_CONFIG_PATH names one. */
export const DEFAULT_CONFIG_PATH = 'configs/server.toml';
