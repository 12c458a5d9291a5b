import { availableParallelism } from 'node:os';
import { toPinoLevel } from '../logging/log-level.js';
import { ConfigError } from './config-error.js';
import { parseCpuAllocation } from './cpu-allocation.js';
import { isIpv4Literal } from './tcp-listen-host.js';
import type { ServerConfig } from './server-config.js';
import { formatByteSize, formatDuration } from './units.js';

/** Iggy's SEGMENT_MAX_SIZE_BYTES: segment positions are u32 offsets inside the index. */
export const SEGMENT_SIZE_MAX_BYTES = 1024 ** 3;
/** Segment sizes are whole 512-byte sectors in Iggy. */
const SEGMENT_SIZE_ALIGNMENT_BYTES = 512;
/** Memory pool limits from Iggy's validators (its bucket layout needs them). */
const MEMORY_POOL_SIZE_MIN_BYTES = 512 * 1024 ** 2;
const MEMORY_POOL_PAGE_BYTES = 4096;
const MEMORY_POOL_BUCKET_CAPACITY_MIN = 128;
const AES_256_KEY_BYTES = 32;

export interface ValidateConfigOptions {
  /** CPUs the process may use; defaults to `os.availableParallelism()` (honours affinity). */
  availableCpus?: number;
}

/**
 * Applies Iggy 0.7's start-up validation rules (configs/validators.rs, reference
 * server-semantics.md §8.4) plus ours (marked below), throwing a ConfigError that names the key
 * on the first violation. Returns warnings for settings that are allowed but have no effect.
 */
export function validateConfig(config: ServerConfig, options: ValidateConfigOptions = {}): string[] {
  const warnings: string[] = [];
  const { system } = config;
  const fail = (key: string, message: string): never => {
    throw ConfigError.invalid(key, message);
  };

  const pool = system.memory_pool;
  if (pool.enabled) {
    if (pool.size === 0) fail('system.memory_pool.size', 'must be greater than 0 when the memory pool is enabled');
    if (pool.size < MEMORY_POOL_SIZE_MIN_BYTES) fail('system.memory_pool.size', `${formatByteSize(pool.size)} is less than the 512 MiB minimum`);
    if (pool.size % MEMORY_POOL_PAGE_BYTES !== 0) fail('system.memory_pool.size', `${pool.size} B is not a multiple of the 4096 B page size`);
    if (pool.bucket_capacity < MEMORY_POOL_BUCKET_CAPACITY_MIN) fail('system.memory_pool.bucket_capacity', `${pool.bucket_capacity} is less than the minimum of 128`);
    if ((pool.bucket_capacity & (pool.bucket_capacity - 1)) !== 0) fail('system.memory_pool.bucket_capacity', `${pool.bucket_capacity} is not a power of two`);
  }

  const cleaner = config.data_maintenance.messages;
  if (cleaner.cleaner_enabled && cleaner.interval === 0) fail('data_maintenance.messages.interval', 'cannot be zero when the cleaner is enabled');

  const pat = config.personal_access_token;
  if (pat.max_tokens_per_user === 0) fail('personal_access_token.max_tokens_per_user', 'cannot be 0');
  if (pat.cleaner.enabled && pat.cleaner.interval === 0) fail('personal_access_token.cleaner.interval', 'cannot be zero when the cleaner is enabled');

  const segmentSize = system.segment.size;
  if (segmentSize > SEGMENT_SIZE_MAX_BYTES) fail('system.segment.size', `${formatByteSize(segmentSize)} exceeds the 1 GiB maximum`);
  if (segmentSize % SEGMENT_SIZE_ALIGNMENT_BYTES !== 0) fail('system.segment.size', `${segmentSize} B is not a multiple of 512 B`);
  // Ours: a zero-sized segment would roll over on every batch.
  if (segmentSize === 0) fail('system.segment.size', 'must be greater than 0');

  if (system.compression.default_algorithm !== 'none') {
    warnings.push(`system.compression.default_algorithm is "${system.compression.default_algorithm}", but server-side compression is not implemented (as in Iggy 0.7); data is stored uncompressed`);
  }

  const telemetry = config.telemetry;
  if (telemetry.enabled) {
    if (telemetry.service_name.trim() === '') fail('telemetry.service_name', 'cannot be empty when telemetry is enabled');
    if (telemetry.logs.endpoint === '') fail('telemetry.logs.endpoint', 'cannot be empty when telemetry is enabled');
    if (telemetry.traces.endpoint === '') fail('telemetry.traces.endpoint', 'cannot be empty when telemetry is enabled');
  }

  validateSharding(config, options.availableCpus ?? availableParallelism());
  validateCluster(config);

  const logging = system.logging;
  if (logging.level.trim() === '') fail('system.logging.level', 'must be set');
  try {
    toPinoLevel(logging.level); // ours: Iggy would only notice a bad directive when building its filter
  } catch (error) {
    fail('system.logging.level', (error as Error).message);
  }
  if (!['auto', 'json', 'pretty'].includes(logging.format)) fail('system.logging.format', `"${logging.format}" is not one of auto, json, pretty`);
  if (logging.retention < 1000) fail('system.logging.retention', `${formatDuration(logging.retention)} is less than the 1 s minimum`);
  if (logging.rotation_check_interval < 1000) {
    fail('system.logging.rotation_check_interval', `${formatDuration(logging.rotation_check_interval)} is less than the 1 s minimum`);
  }
  if (logging.max_total_size !== 0 && logging.max_file_size > logging.max_total_size) {
    fail('system.logging.max_total_size', `${formatByteSize(logging.max_total_size)} is less than system.logging.max_file_size (${formatByteSize(logging.max_file_size)})`);
  }

  // max_size/message_expiry/access_token_expiry cannot be server_default: the converter already
  // rejects that value, because ServerConfig has no representation for it.
  if (system.topic.max_size !== null && system.topic.max_size < segmentSize) {
    fail('system.topic.max_size', `${formatByteSize(system.topic.max_size)} must be at least system.segment.size (${formatByteSize(segmentSize)})`);
  }

  // Ours from here: rules Iggy has validators for but never calls, and checks it leaves to the
  // moment a listener binds or a timer starts.
  if (system.partition.messages_required_to_save === 0) fail('system.partition.messages_required_to_save', 'cannot be 0');
  if (config.message_saver.enabled && config.message_saver.interval === 0) fail('message_saver.interval', 'cannot be zero when the message saver is enabled');
  if (config.connections.max_connections === 0) fail('connections.max_connections', 'must be at least 1');
  if (config.connections.max_queued_response_size === 0) fail('connections.max_queued_response_size', 'must be greater than 0');
  if (config.heartbeat.enabled && config.heartbeat.interval === 0) fail('heartbeat.interval', 'cannot be zero when heartbeats are enabled');
  if (config.consumer_group.rebalancing_check_interval === 0) fail('consumer_group.rebalancing_check_interval', 'cannot be zero');
  if (system.path.trim() === '') fail('system.path', 'cannot be empty');
  for (const transport of ['tcp', 'quic', 'http', 'websocket'] as const) {
    const section = config[transport];
    if (section.enabled) {
      const problem = addressProblem(section.address);
      if (problem !== undefined) fail(`${transport}.address`, problem);
    }
  }
  if (system.encryption.enabled) {
    const key = system.encryption.key.trim();
    const keyBytes = Buffer.from(key, 'base64').length;
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(key)) fail('system.encryption.key', 'must be base64 (A-Z a-z 0-9 + /, = padding) when encryption is enabled');
    if (keyBytes !== AES_256_KEY_BYTES) fail('system.encryption.key', `must be a base64-encoded 32-byte key when encryption is enabled (got ${keyBytes} bytes)`);
  }
  if (config.tcp.enabled) {
    const host = /^\[?([^\]]*)\]?:\d+$/.exec(config.tcp.address.trim())?.[1] ?? '';
    if (config.tcp.ipv6 && isIpv4Literal(host) && host !== '0.0.0.0') {
      fail('tcp.ipv6', `is true, but tcp.address ${config.tcp.address} is an IPv4 address (use an IPv6 address, or 0.0.0.0 to listen on ::)`);
    }
  }
  if (system.segment.archive_expired && !config.data_maintenance.messages.cleaner_enabled) {
    warnings.push('system.segment.archive_expired is true, but data_maintenance.messages.cleaner_enabled is false: retention never removes a segment, so nothing is archived');
  }
  // Ours: [system.backup.s3] is our addition.
  const s3 = system.backup.s3;
  if (system.segment.archive_expired && s3.enabled) {
    if (s3.bucket.trim() === '') fail('system.backup.s3.bucket', 'must be set when S3 archiving is enabled');
    if (s3.endpoint !== '' && !/^https?:\/\/[^/]+/.test(s3.endpoint)) fail('system.backup.s3.endpoint', `"${s3.endpoint}" is not an http(s) URL`);
    if ((s3.access_key_id === '') !== (s3.secret_access_key === '')) {
      fail('system.backup.s3.secret_access_key', 'access_key_id and secret_access_key are set together (or both left empty for the default credential chain)');
    }
  }
  return warnings;
}

function validateSharding(config: ServerConfig, availableCpus: number): void {
  const key = 'system.sharding.cpu_allocation';
  // The value was parsed by the converter already; parse again for the structured form.
  const allocation = parseCpuAllocation(config.system.sharding.cpu_allocation);
  if (allocation.kind === 'count') {
    if (allocation.count === 0) throw ConfigError.invalid(key, 'shard count cannot be 0');
    if (allocation.count > availableCpus) throw ConfigError.invalid(key, `shard count ${allocation.count} exceeds the ${availableCpus} available CPUs`);
  } else if (allocation.kind === 'range') {
    if (allocation.start >= allocation.end) throw ConfigError.invalid(key, `range ${allocation.start}..${allocation.end} is invalid (start must be less than end)`);
    if (allocation.end > availableCpus) throw ConfigError.invalid(key, `range ${allocation.start}..${allocation.end} exceeds the ${availableCpus} available CPUs`);
  }
  // NUMA node and core counts are checked by the shard runtime, which reads the topology.
}

function validateCluster(config: ServerConfig): void {
  const cluster = config.cluster;
  if (!cluster.enabled) return;
  if (cluster.name.trim() === '') throw ConfigError.invalid('cluster.name', 'cannot be empty');
  if (cluster.node.current.name.trim() === '') throw ConfigError.invalid('cluster.node.current.name', 'cannot be empty');
  const names = new Set([cluster.node.current.name]);
  const endpoints = new Set<string>();
  cluster.node.others.forEach((node, index) => {
    const prefix = `cluster.node.others[${index}]`;
    if (names.has(node.name)) throw ConfigError.invalid(`${prefix}.name`, `duplicate node name "${node.name}"`);
    names.add(node.name);
    if (node.name.trim() === '') throw ConfigError.invalid(`${prefix}.name`, 'cannot be empty');
    if (node.ip.trim() === '') throw ConfigError.invalid(`${prefix}.ip`, 'cannot be empty');
    for (const transport of ['tcp', 'quic', 'http', 'websocket'] as const) {
      const port = node.ports[transport];
      if (port === null) continue;
      if (port === 0) throw ConfigError.invalid(`${prefix}.ports.${transport}`, 'port cannot be 0');
      const endpoint = `${node.ip}:${transport}:${port}`;
      if (endpoints.has(endpoint)) throw ConfigError.invalid(`${prefix}.ports.${transport}`, `port conflict: ${node.ip}:${port} is already used`);
      endpoints.add(endpoint);
    }
  });
}

/** Returns why `address` is not `host:port` (IPv6 hosts in brackets), or undefined if it is. */
function addressProblem(address: string): string | undefined {
  const match = /^(\[[0-9A-Fa-f:.]+\]|[^:\s[\]]+):(\d+)$/.exec(address.trim());
  if (match === null) return `"${address}" is not host:port`;
  if (Number(match[2]) > 0xffff) return `port ${match[2]} is out of range (0-65535)`;
  return undefined;
}
