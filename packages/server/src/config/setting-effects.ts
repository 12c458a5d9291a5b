/**
 * Which configuration keys this server honours and which it parses without effect, so that
 * no setting is silently ignored (a user who turns something on must learn if it does
 * nothing). Every leaf of CONFIG_SCHEMA is in exactly one of the two tables; the unit test
 * test/unit/config/setting-effects.test.ts walks the schema and fails otherwise, and checks that
 * each honoured key's leaf name appears in the source file named as its reader.
 *
 * At start-up settingsWithoutEffectNotices() names every no-effect key: a warning for those the
 * user turned on or changed, one info line for those left at their defaults.
 */
import { configToRaw } from './config-to-raw.js';
import { convertRawConfig } from './convert-raw-config.js';
import { DEFAULT_RAW_CONFIG } from './defaults.js';
import type { RawTable } from './raw-config.js';
import type { ServerConfig } from './server-config.js';

/**
 * Honoured keys → the file under packages/server/src that reads them (where to look when the
 * behaviour is in doubt). A key may stand for its whole section (`consumer_group`).
 */
export const HONOURED_SETTINGS: Readonly<Record<string, string>> = {
  consumer_group: 'consumer-groups/consumer-group-coordinator.ts',
  'data_maintenance.messages': 'shard/shard.ts',
  'personal_access_token.max_tokens_per_user': 'shard/control-plane.ts',
  'personal_access_token.cleaner': 'shard/shard.ts',
  heartbeat: 'shard/shard.ts',
  'system.path': 'bootstrap.ts',
  'system.state.enforce_fsync': 'shard/control-plane.ts',
  'system.runtime.path': 'config/write-runtime-config.ts',
  'system.logging.path': 'logging/log-file-path.ts',
  'system.logging.file_enabled': 'logging/log-file-path.ts',
  'system.logging.level': 'logging/create-logger.ts',
  'system.logging.max_file_size': 'logging/log-file-path.ts',
  'system.logging.max_total_size': 'logging/log-file-path.ts',
  'system.logging.retention': 'logging/log-file-path.ts',
  'system.logging.rotation_check_interval': 'bootstrap.ts',
  'system.logging.sysinfo_print_interval': 'bootstrap.ts',
  'system.stream.path': 'shard/partition-system.ts',
  'system.topic.path': 'shard/partition-system.ts',
  'system.topic.max_size': 'shard/control-plane.ts',
  'system.topic.message_expiry': 'shard/control-plane.ts',
  'system.partition.path': 'shard/partition-system.ts',
  'system.partition.enforce_fsync': 'shard/partition-system.ts',
  'system.partition.validate_checksum': 'shard/partition-system.ts',
  'system.segment.size': 'shard/partition-system.ts',
  'system.segment.cache_indexes': 'shard/partition-system.ts',
  'system.segment.archive_expired': 'archive/create-segment-archiver.ts',
  'system.backup.path': 'archive/create-segment-archiver.ts',
  'system.backup.s3': 'archive/create-segment-archiver.ts',
  'system.encryption': 'shard/partition-system.ts',
  'system.message_deduplication': 'shard/partition-system.ts',
  'system.memory_pool': 'memory/memory-pool-layout.ts',
  'system.sharding.cpu_allocation': 'coordinator/shard-placement.ts',
  'tcp.enabled': 'bootstrap.ts',
  'tcp.address': 'bootstrap.ts',
  'tcp.tls': 'transports/tcp/tls-material.ts',
  'tcp.ipv6': 'bootstrap.ts',
  'tcp.socket': 'transports/tcp/tcp-server.ts',
  'tcp.socket_migration': 'transports/tcp/tcp-server.ts',
  'websocket.enabled': 'transports/transport-registry.ts',
  'websocket.address': 'bootstrap.ts',
  'websocket.max_message_size': 'transports/websocket/websocket-transport.ts',
  'websocket.tls': 'transports/websocket/websocket-transport.ts',
  'http.enabled': 'bootstrap.ts',
  'http.address': 'bootstrap.ts',
  'http.metrics': 'bootstrap.ts',
  cluster: 'shard/operations/system.ts',
};

export interface NoEffectSetting {
  /** A key, or a section standing for every key under it. */
  readonly key: string;
  /** Why it has no effect, in words for the operator. */
  readonly reason: string;
  /** 'info' where the setting is moot (its purpose is met another way), 'warn' where it is missing. */
  readonly level: 'warn' | 'info';
  /**
   * When the operator asked for something: default, when any key under it differs from the
   * built-in default. A section that is on by default (quic.enabled) says so here.
   */
  readonly relevant?: (config: ServerConfig) => boolean;
}

const ACKS_ARE_WRITTEN = 'every acknowledged batch is already handed to the OS before the reply (and fsynced with system.partition.enforce_fsync), so there is no unsaved buffer to flush';

export const SETTINGS_WITHOUT_EFFECT: readonly NoEffectSetting[] = [
  { key: 'message_saver', level: 'info', reason: ACKS_ARE_WRITTEN, relevant: () => true },
  { key: 'system.partition.messages_required_to_save', level: 'info', reason: ACKS_ARE_WRITTEN, relevant: () => true },
  { key: 'system.partition.size_of_messages_required_to_save', level: 'info', reason: ACKS_ARE_WRITTEN, relevant: () => true },
  // validate-config.ts already warns when default_algorithm is not none.
  {
    key: 'system.compression.default_algorithm',
    level: 'warn',
    reason: 'server-side compression is not implemented (Iggy 0.7 only stores the topic\'s compression byte); data is stored as sent',
    relevant: () => false,
  },
  { key: 'system.compression.allow_override', level: 'warn', reason: 'compression is not implemented, so there is nothing to override (Iggy 0.7 ignores it too)' },
  { key: 'system.recovery.recreate_missing_state', level: 'warn', reason: 'not implemented (Iggy 0.7 ignores it too); a missing state log starts empty' },
  { key: 'system.state.max_file_operation_retries', level: 'warn', reason: 'state-log writes are not retried (Iggy 0.7 ignores it too); a failed write fails the command' },
  { key: 'system.state.retry_delay', level: 'warn', reason: 'state-log writes are not retried (Iggy 0.7 ignores it too)' },
  { key: 'system.backup.compatibility.path', level: 'warn', reason: 'there is no older data format to convert (Iggy 0.7 does not use it either)' },
  { key: 'quic', level: 'warn', reason: 'this server has no QUIC transport; use TCP', relevant: (config) => config.quic.enabled },
  // The WebSocket transport warns about these itself when they are set (websocket-transport.ts).
  ...(['read_buffer_size', 'write_buffer_size', 'max_write_buffer_size', 'max_frame_size', 'accept_unmasked_frames'] as const).map(
    (name): NoEffectSetting => ({ key: `websocket.${name}`, level: 'warn', reason: 'the ws library has no such setting', relevant: () => false }),
  ),
  {
    key: 'http.max_request_size',
    level: 'warn',
    reason: 'the HTTP address serves only the Prometheus metrics endpoint (no REST API)',
    relevant: (config) => config.http.enabled,
  },
  { key: 'http.web_ui', level: 'warn', reason: 'there is no web UI', relevant: (config) => config.http.enabled && config.http.web_ui },
  { key: 'http.cors', level: 'warn', reason: 'no REST API is served, so CORS does not apply', relevant: (config) => config.http.enabled && config.http.cors.enabled },
  { key: 'http.jwt', level: 'warn', reason: 'no REST API is served, so no JWT is issued', relevant: (config) => config.http.enabled },
  { key: 'http.tls', level: 'warn', reason: 'the metrics endpoint is served over plain HTTP', relevant: (config) => config.http.enabled && config.http.tls.enabled },
  { key: 'telemetry', level: 'warn', reason: 'OpenTelemetry export is not implemented; use the Prometheus endpoint', relevant: (config) => config.telemetry.enabled },
];

export interface SettingNotice {
  level: 'warn' | 'info';
  message: string;
}

/** Start-up lines naming every setting without effect (see the file comment). */
export function settingsWithoutEffectNotices(config: ServerConfig): SettingNotice[] {
  const actual = configToRaw(config);
  const defaults = configToRaw(convertRawConfig(DEFAULT_RAW_CONFIG).config);
  const notices: SettingNotice[] = [];
  const untouched: string[] = [];
  const moot: SettingNotice[] = [];
  for (const setting of SETTINGS_WITHOUT_EFFECT) {
    const relevant = setting.relevant ? setting.relevant(config) : !sameValue(valueAt(actual, setting.key), valueAt(defaults, setting.key));
    if (!relevant) untouched.push(setting.key);
    else if (setting.level === 'info') moot.push({ level: 'info', message: setting.key });
    else notices.push({ level: 'warn', message: `${setting.key} has no effect: ${setting.reason}` });
  }
  if (moot.length > 0) notices.push({ level: 'info', message: `${moot.map((m) => m.message).join(', ')} have no effect: ${ACKS_ARE_WRITTEN}` });
  if (untouched.length > 0) notices.push({ level: 'info', message: `settings without effect (not in use, at their defaults, or warned about above): ${untouched.join(', ')}` });
  return notices;
}

function valueAt(table: RawTable, key: string): unknown {
  let node: unknown = table;
  for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
