/**
 * The parsed server configuration. Key names are Iggy 0.7's (snake_case, same nesting as
 * configs/server.toml), because they are a contract: IGGY_* variable names, config files and
 * runtime/current_config.toml all use them.
 *
 * Units after parsing: every size is a number of BYTES, every duration a number of MILLISECONDS
 * (fractional only for sub-millisecond inputs). `null` means "never" (expiries) or "unlimited"
 * (topic size) or "library default" (optional WebSocket sizes). Sizes where Iggy treats 0 as
 * "no limit" (`system.logging.max_total_size`, `max_file_size`) keep 0.
 *
 * Built once on the coordinator thread by loadConfig and copied to each shard; treat as read-only.
 */
export interface ServerConfig {
  consumer_group: ConsumerGroupConfig;
  data_maintenance: DataMaintenanceConfig;
  message_saver: MessageSaverConfig;
  personal_access_token: PersonalAccessTokenConfig;
  heartbeat: HeartbeatConfig;
  connections: ConnectionsConfig;
  system: SystemConfig;
  quic: QuicConfig;
  tcp: TcpConfig;
  http: HttpConfig;
  websocket: WebSocketConfig;
  telemetry: TelemetryConfig;
  cluster: ClusterConfig;
}

export interface ConsumerGroupConfig {
  /** Milliseconds a partition may stay in pending revocation before it is force-moved. */
  rebalancing_timeout: number;
  /** Milliseconds between scans for timed-out pending revocations. */
  rebalancing_check_interval: number;
}

export interface DataMaintenanceConfig {
  messages: {
    /** Whether the expired-segment cleaner runs. */
    cleaner_enabled: boolean;
    /** Milliseconds between cleaner runs. */
    interval: number;
  };
}

export interface MessageSaverConfig {
  /** Whether buffered messages are flushed to disk periodically. */
  enabled: boolean;
  /** Parsed but without effect in Iggy 0.7 (fsync is `system.partition.enforce_fsync`). */
  enforce_fsync: boolean;
  /** Milliseconds between periodic flushes. */
  interval: number;
}

export interface PersonalAccessTokenConfig {
  /** Maximum active personal access tokens per user (count). */
  max_tokens_per_user: number;
  cleaner: {
    enabled: boolean;
    /** Milliseconds between expired-token sweeps. */
    interval: number;
  };
}

/** Deadlines and server-wide bounds for client connections (ours; Iggy 0.7 has none). */
export interface ConnectionsConfig {
  /** Milliseconds a connection may stay without logging in; 0 = no limit. */
  login_timeout: number;
  /** Milliseconds a started request frame may take to arrive in full; 0 = no limit. */
  frame_read_timeout: number;
  /** Client connections the whole server holds at most; more are closed when accepted. */
  max_connections: number;
  /** Response bytes queued for slow readers, whole server; past it the slowest readers are closed. */
  max_queued_response_size: number;
}

export interface HeartbeatConfig {
  /** Whether clients that stop sending heartbeats are disconnected. */
  enabled: boolean;
  /** Milliseconds between expected client heartbeats. */
  interval: number;
}

export interface SystemConfig {
  /** Base data directory; relative paths resolve against the server's working directory. */
  path: string;
  backup: BackupConfig;
  state: StateConfig;
  runtime: { /** Runtime directory, relative to `system.path`. */ path: string };
  logging: LoggingConfig;
  stream: { /** Streams directory, relative to `system.path`. */ path: string };
  topic: TopicConfig;
  partition: PartitionConfig;
  segment: SegmentConfig;
  encryption: EncryptionConfig;
  compression: CompressionConfig;
  message_deduplication: MessageDeduplicationConfig;
  recovery: { /** Parsed but without effect in Iggy 0.7. */ recreate_missing_state: boolean };
  memory_pool: MemoryPoolConfig;
  sharding: ShardingConfig;
}

export interface BackupConfig {
  /** Where archived segments are copied (system.segment.archive_expired), relative to `system.path`. */
  path: string;
  /** Parsed but without effect (Iggy 0.7 uses it for format conversion). */
  compatibility: { path: string };
  /** Ours: archive to an S3-compatible bucket instead of `path`. */
  s3: S3BackupConfig;
}

export interface S3BackupConfig {
  enabled: boolean;
  /** `http(s)://host:port`; empty = AWS's endpoint for `region`. */
  endpoint: string;
  region: string;
  bucket: string;
  /** Prepended to every object key (`prefix/streams/1/topics/1/partitions/0/….log`). */
  key_prefix: string;
  /** Empty: the AWS SDK's default credential chain (environment, profile, instance role). */
  access_key_id: string;
  /** Secret, never logged or written to current_config.toml. */
  secret_access_key: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
  force_path_style: boolean;
}

export interface StateConfig {
  /** fsync the metadata state log after each append. */
  enforce_fsync: boolean;
  /** Parsed but without effect in Iggy 0.7 (count). */
  max_file_operation_retries: number;
  /** Parsed but without effect in Iggy 0.7 (milliseconds). */
  retry_delay: number;
}

export interface LoggingConfig {
  /** Log directory, relative to `system.path`. */
  path: string;
  /** Iggy/RUST_LOG-style level: `trace|debug|info|warn|error|off|none`, optionally with `target=level` parts. */
  level: string;
  /** stdout format (ours): 'auto' = pretty on a terminal, JSON lines otherwise; or 'json' / 'pretty'. */
  format: 'auto' | 'json' | 'pretty';
  /** Whether logs also go to a file under `{system.path}/{path}`. */
  file_enabled: boolean;
  /** Bytes per log file before rotation; 0 = no rotation. */
  max_file_size: number;
  /** Bytes of all log files kept; 0 = unlimited. */
  max_total_size: number;
  /** Milliseconds between rotation checks. */
  rotation_check_interval: number;
  /** Milliseconds log files are kept. */
  retention: number;
  /** Milliseconds between system-information log lines. */
  sysinfo_print_interval: number;
}

export interface TopicConfig {
  /** Topics directory, relative to the stream directory. */
  path: string;
  /** Default topic size limit in bytes; `null` = unlimited. */
  max_size: number | null;
  /** Default message expiry in milliseconds; `null` = never expire. */
  message_expiry: number | null;
}

export interface PartitionConfig {
  /** Partitions directory, relative to the topic directory. */
  path: string;
  /** Buffered message count that triggers a flush (soft limit). */
  messages_required_to_save: number;
  /** Buffered bytes that trigger a flush (soft limit). */
  size_of_messages_required_to_save: number;
  /** fsync segment and index files after every flush. */
  enforce_fsync: boolean;
  /** Verify message checksums when loading segments. */
  validate_checksum: boolean;
}

export type CacheIndexes = 'all' | 'open_segment' | 'none';

export interface SegmentConfig {
  /** Soft segment size limit in bytes (≤ 1 GiB, multiple of 512). */
  size: number;
  /** Which segments keep their indexes in memory. */
  cache_indexes: CacheIndexes;
  /** Copy segments to [system.backup] before the retention cleaner removes them (ours; unused in Iggy 0.7). */
  archive_expired: boolean;
}

export interface EncryptionConfig {
  enabled: boolean;
  /** Base64 AES-256 key; secret, never logged. */
  key: string;
}

export interface CompressionConfig {
  /** Parsed but without effect in Iggy 0.7. */
  allow_override: boolean;
  default_algorithm: 'none' | 'gzip';
}

export interface MessageDeduplicationConfig {
  enabled: boolean;
  /** Message ids remembered per partition (count). */
  max_entries: number;
  /** Milliseconds a message id is remembered. */
  expiry: number;
}

export interface MemoryPoolConfig {
  enabled: boolean;
  /** Pool size in bytes (≥ 512 MiB, multiple of 4096 when enabled). */
  size: number;
  /** Buffers per bucket (power of two, ≥ 128 when enabled). */
  bucket_capacity: number;
}

export interface ShardingConfig {
  /**
   * Shard count and CPU pinning in Iggy's written form: a count as a number, otherwise
   * `"all"`, `"start..end"` or `"numa:…"`. Parse with parseCpuAllocation (cpu-allocation.ts).
   */
  cpu_allocation: string | number;
}

export interface TlsFilesConfig {
  enabled: boolean;
  /** Generate a self-signed certificate when the files do not exist. */
  self_signed: boolean;
  cert_file: string;
  key_file: string;
}

export interface QuicConfig {
  enabled: boolean;
  /** `host:port`; port 0 picks a free port (the bound one is written to current_config.toml). */
  address: string;
  /** Count. */
  max_concurrent_bidi_streams: number;
  /** Bytes. */
  datagram_send_buffer_size: number;
  /** Bytes. */
  initial_mtu: number;
  /** Bytes. */
  send_window: number;
  /** Bytes. */
  receive_window: number;
  /** Milliseconds. */
  keep_alive_interval: number;
  /** Milliseconds. */
  max_idle_timeout: number;
  certificate: { self_signed: boolean; cert_file: string; key_file: string };
  socket: {
    override_defaults: boolean;
    /** Bytes. */
    recv_buffer_size: number;
    /** Bytes. */
    send_buffer_size: number;
    keepalive: boolean;
  };
}

export interface TcpConfig {
  enabled: boolean;
  /** `host:port`; port 0 picks a free port (the bound one is written to current_config.toml). */
  address: string;
  ipv6: boolean;
  tls: TlsFilesConfig;
  socket: TcpSocketConfig;
  /** Move a connection to the shard that owns its partition (Linux only). */
  socket_migration: boolean;
}

export interface TcpSocketConfig {
  /** Apply the settings below instead of the OS defaults. */
  override_defaults: boolean;
  /** SO_RCVBUF in bytes. */
  recv_buffer_size: number;
  /** SO_SNDBUF in bytes. */
  send_buffer_size: number;
  keepalive: boolean;
  nodelay: boolean;
  /** SO_LINGER in milliseconds. */
  linger: number;
}

export interface HttpConfig {
  enabled: boolean;
  /** `host:port`; port 0 picks a free port. */
  address: string;
  /** Largest request body in bytes. */
  max_request_size: number;
  web_ui: boolean;
  cors: HttpCorsConfig;
  jwt: HttpJwtConfig;
  metrics: { enabled: boolean; endpoint: string };
  /** `self_signed` (ours, not in Iggy 0.7): generate a certificate for localhost when cert_file is missing. */
  tls: { enabled: boolean; self_signed: boolean; cert_file: string; key_file: string };
}

export interface HttpCorsConfig {
  enabled: boolean;
  allowed_methods: string[];
  allowed_origins: string[];
  allowed_headers: string[];
  exposed_headers: string[];
  allow_credentials: boolean;
  allow_private_network: boolean;
}

export interface HttpJwtConfig {
  algorithm: string;
  issuer: string;
  audience: string;
  valid_issuers: string[];
  valid_audiences: string[];
  /** Milliseconds; `null` = never expire. */
  access_token_expiry: number | null;
  /** Milliseconds. */
  clock_skew: number;
  /** Milliseconds. */
  not_before: number;
  /** Secret, never logged. */
  encoding_secret: string;
  /** Secret, never logged. */
  decoding_secret: string;
  use_base64_secret: boolean;
}

export interface WebSocketConfig {
  enabled: boolean;
  /** `host:port`; port 0 picks a free port. */
  address: string;
  /** Bytes; `null` = library default. */
  read_buffer_size: number | null;
  /** Bytes; `null` = library default. */
  write_buffer_size: number | null;
  /** Bytes; `null` = library default. */
  max_write_buffer_size: number | null;
  /** Bytes; `null` = library default. */
  max_message_size: number | null;
  /** Bytes; `null` = library default. */
  max_frame_size: number | null;
  accept_unmasked_frames: boolean;
  tls: TlsFilesConfig;
}

export interface TelemetryConfig {
  enabled: boolean;
  service_name: string;
  logs: { transport: 'grpc' | 'http'; endpoint: string };
  traces: { transport: 'grpc' | 'http'; endpoint: string };
}

export interface ClusterConfig {
  enabled: boolean;
  name: string;
  node: {
    current: { name: string; ip: string };
    others: ClusterOtherNodeConfig[];
  };
}

export interface ClusterOtherNodeConfig {
  name: string;
  ip: string;
  /** Ports of that node; `null` = same as this node's configured port. */
  ports: { tcp: number | null; quic: number | null; http: number | null; websocket: number | null };
}
