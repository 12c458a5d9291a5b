// Checks loadConfig's layering (embedded defaults → TOML file → IGGY_* variables) by loading from temporary directories with explicit env objects, including key-named failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../../src/config/config-error.js';
import { convertRawConfig } from '../../../src/config/convert-raw-config.js';
import { DEFAULT_RAW_CONFIG } from '../../../src/config/defaults.js';
import { EMBEDDED_DEFAULTS_SOURCE, loadConfig, readConfigFile, type LoadConfigOptions } from '../../../src/config/load-config.js';

const REPO_CONFIG_PATH = fileURLToPath(new URL('../../../../../../configs/server.toml', import.meta.url));

function withTempDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'iggy-config-test-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function load(dir: string, env: Record<string, string> = {}, extra: Partial<LoadConfigOptions> = {}) {
  return loadConfig({ env, cwd: dir, availableCpus: 4, ...extra });
}

function assertConfigError(run: () => unknown, key: string, pattern?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    assert.equal(error.code, 'IGGY_CONFIG_INVALID');
    assert.equal(error.key, key);
    assert.ok(error.message.startsWith(`${key}: `), error.message);
    if (pattern !== undefined) assert.match(error.message, pattern);
    return true;
  });
}

test('without a config file the embedded defaults load, with a warning', () => {
  withTempDir((dir) => {
    const { config, source, warnings } = load(dir);
    assert.equal(source, EMBEDDED_DEFAULTS_SOURCE);
    assert.ok(warnings.some((warning) => warning.includes('configs/server.toml')), warnings.join('\n'));
    assert.equal(config.tcp.address, '127.0.0.1:8090');
    assert.equal(config.tcp.enabled, true);
    assert.equal(config.quic.address, '127.0.0.1:8080');
    assert.equal(config.http.address, '127.0.0.1:3000');
    assert.equal(config.websocket.address, '127.0.0.1:8092');
    assert.equal(config.system.path, 'local_data');
    assert.equal(config.system.segment.size, 1024 ** 3);
    assert.equal(config.system.segment.cache_indexes, 'open_segment');
    assert.equal(config.system.partition.enforce_fsync, false);
    assert.equal(config.system.partition.messages_required_to_save, 1024);
    assert.equal(config.system.partition.size_of_messages_required_to_save, 1024 ** 2);
    assert.equal(config.system.topic.max_size, null);
    assert.equal(config.system.topic.message_expiry, null);
    assert.equal(config.message_saver.interval, 30_000);
    assert.equal(config.consumer_group.rebalancing_timeout, 30_000);
    assert.equal(config.http.jwt.access_token_expiry, 3_600_000);
    assert.equal(config.system.memory_pool.size, 4 * 1024 ** 3);
    assert.equal(config.system.logging.max_total_size, 4_000_000_000);
    assert.equal(config.system.logging.retention, 7 * 86_400_000);
    assert.equal(config.system.sharding.cpu_allocation, 'all');
    assert.equal(config.websocket.max_frame_size, null);
    assert.deepEqual(config.cluster.node.others, [
      { name: 'iggy-node-2', ip: '127.0.0.1', ports: { tcp: 8091, quic: 8081, http: 3001, websocket: 8093 } },
    ]);
  });
});

test('configs/server.toml and the embedded defaults describe the same config', () => {
  const fromFile = convertRawConfig(readConfigFile(REPO_CONFIG_PATH));
  const fromDefaults = convertRawConfig(DEFAULT_RAW_CONFIG);
  assert.deepEqual(fromFile.unknownKeys, []);
  assert.deepEqual(fromDefaults.unknownKeys, []);
  assert.deepEqual(fromFile.config, fromDefaults.config);
});

test('the default path is found from a subdirectory (parents are searched)', () => {
  withTempDir((dir) => {
    mkdirSync(join(dir, 'configs'));
    writeFileSync(join(dir, 'configs', 'server.toml'), '[tcp]\naddress = "127.0.0.1:9999"\n');
    const nested = join(dir, 'a', 'b');
    mkdirSync(nested, { recursive: true });
    const { config, source } = load(nested);
    assert.equal(source, join(dir, 'configs', 'server.toml'));
    assert.equal(config.tcp.address, '127.0.0.1:9999');
  });
});

test('a partial TOML file overrides only its keys', () => {
  withTempDir((dir) => {
    const path = join(dir, 'custom.toml');
    writeFileSync(
      path,
      ['[system]', 'path = "/var/lib/iggy"', '[system.segment]', 'size = "512 MiB"', '[system.partition]', 'enforce_fsync = true', '[tcp]', 'address = "0.0.0.0:0"'].join('\n'),
    );
    const { config, source, warnings } = load(dir, { IGGY_CONFIG_PATH: 'custom.toml' });
    assert.equal(source, path);
    assert.deepEqual(warnings, []);
    assert.equal(config.system.path, '/var/lib/iggy');
    assert.equal(config.system.segment.size, 512 * 1024 ** 2);
    assert.equal(config.system.partition.enforce_fsync, true);
    assert.equal(config.system.partition.validate_checksum, false);
    assert.equal(config.tcp.address, '0.0.0.0:0');
    assert.equal(config.tcp.socket_migration, true);
  });
});

test('the --config path wins over IGGY_CONFIG_PATH', () => {
  withTempDir((dir) => {
    writeFileSync(join(dir, 'a.toml'), '[tcp]\naddress = "127.0.0.1:1111"\n');
    writeFileSync(join(dir, 'b.toml'), '[tcp]\naddress = "127.0.0.1:2222"\n');
    const { config } = load(dir, { IGGY_CONFIG_PATH: 'a.toml' }, { argvConfigPath: 'b.toml' });
    assert.equal(config.tcp.address, '127.0.0.1:2222');
  });
});

test('IGGY_* variables override file values: sizes, durations, booleans, strings, arrays', () => {
  withTempDir((dir) => {
    writeFileSync(join(dir, 'c.toml'), '[system.segment]\nsize = "512 MiB"\n');
    const { config, warnings, envOverrides } = load(dir, {
      IGGY_CONFIG_PATH: 'c.toml',
      IGGY_SYSTEM_SEGMENT_SIZE: '64 MiB',
      IGGY_SYSTEM_PARTITION_SIZE_OF_MESSAGES_REQUIRED_TO_SAVE: '4096',
      IGGY_MESSAGE_SAVER_INTERVAL: '1 m 30 s',
      IGGY_HEARTBEAT_INTERVAL: '2s',
      IGGY_SYSTEM_PARTITION_ENFORCE_FSYNC: 'TRUE',
      IGGY_HEARTBEAT_ENABLED: 'true',
      IGGY_QUIC_ENABLED: 'false',
      IGGY_TCP_ADDRESS: '0.0.0.0:18090',
      IGGY_SYSTEM_PATH: 'other_data',
      IGGY_SYSTEM_TOPIC_MESSAGE_EXPIRY: '7 days',
      IGGY_SYSTEM_TOPIC_MAX_SIZE: '10 GiB',
      IGGY_SYSTEM_SEGMENT_CACHE_INDEXES: 'false',
      IGGY_HTTP_CORS_ALLOWED_METHODS: '[GET, "POST"]',
      IGGY_SYSTEM_LOGGING_LEVEL: 'debug',
      IGGY_SYSTEM_MESSAGE_DEDUPLICATION_MAX_ENTRIES: '500',
      IGGY_TCP_IPV6: '', // empty values are ignored
    });
    assert.deepEqual(warnings, []);
    assert.equal(config.system.segment.size, 64 * 1024 ** 2);
    assert.equal(config.system.partition.size_of_messages_required_to_save, 4096);
    assert.equal(config.message_saver.interval, 90_000);
    assert.equal(config.heartbeat.interval, 2000);
    assert.equal(config.system.partition.enforce_fsync, true);
    assert.equal(config.heartbeat.enabled, true);
    assert.equal(config.quic.enabled, false);
    assert.equal(config.tcp.address, '0.0.0.0:18090');
    assert.equal(config.tcp.ipv6, false);
    assert.equal(config.system.path, 'other_data');
    assert.equal(config.system.topic.message_expiry, 7 * 86_400_000);
    assert.equal(config.system.topic.max_size, 10 * 1024 ** 3);
    assert.equal(config.system.segment.cache_indexes, 'none');
    assert.deepEqual(config.http.cors.allowed_methods, ['GET', 'POST']);
    assert.equal(config.system.logging.level, 'debug');
    assert.equal(config.system.message_deduplication.max_entries, 500);
    assert.ok(envOverrides.includes('IGGY_SYSTEM_SEGMENT_SIZE'));
    assert.ok(!envOverrides.includes('IGGY_TCP_IPV6'));
  });
});

test('IGGY_SYSTEM_SHARDING_CPU_ALLOCATION takes a number, a range or a string form', () => {
  withTempDir((dir) => {
    assert.equal(load(dir, { IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: '2' }).config.system.sharding.cpu_allocation, 2);
    assert.equal(load(dir, { IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: '1..3' }).config.system.sharding.cpu_allocation, '1..3');
    assert.equal(load(dir, { IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: 'all' }).config.system.sharding.cpu_allocation, 'all');
    assert.equal(load(dir, { IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: 'numa:auto' }).config.system.sharding.cpu_allocation, 'numa:auto');
    writeFileSync(join(dir, 'n.toml'), '[system.sharding]\ncpu_allocation = 3\n');
    assert.equal(load(dir, { IGGY_CONFIG_PATH: 'n.toml' }).config.system.sharding.cpu_allocation, 3);
    assertConfigError(() => load(dir, { IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: 'Count:4' }), 'system.sharding.cpu_allocation', /Invalid shard count/);
    assertConfigError(() => load(dir, { IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: '8' }), 'system.sharding.cpu_allocation', /exceeds the 4 available CPUs/);
    assertConfigError(() => load(dir, { IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: '0' }), 'system.sharding.cpu_allocation', /cannot be 0/);
    assertConfigError(() => load(dir, { IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: '3..2' }), 'system.sharding.cpu_allocation', /start must be less than end/);
  });
});

test('arrays of tables take indexed variables and replace the lower layer array', () => {
  withTempDir((dir) => {
    const { config } = load(dir, {
      IGGY_CLUSTER_NODE_OTHERS_0_NAME: 'n0',
      IGGY_CLUSTER_NODE_OTHERS_0_IP: '10.0.0.1',
      IGGY_CLUSTER_NODE_OTHERS_0_PORTS_TCP: '9000',
      IGGY_CLUSTER_NODE_OTHERS_1_NAME: 'n1',
      IGGY_CLUSTER_NODE_OTHERS_1_IP: '10.0.0.2',
    });
    assert.deepEqual(config.cluster.node.others, [
      { name: 'n0', ip: '10.0.0.1', ports: { tcp: 9000, quic: null, http: null, websocket: null } },
      { name: 'n1', ip: '10.0.0.2', ports: { tcp: null, quic: null, http: null, websocket: null } },
    ]);
  });
});

test('unknown IGGY_* variables and unknown file keys are warnings, with suggestions', () => {
  withTempDir((dir) => {
    writeFileSync(join(dir, 'u.toml'), '[tcp]\nadress = "x"\n');
    const { warnings, config } = load(dir, { IGGY_CONFIG_PATH: 'u.toml', IGGY_TCP_ADRESS: '1.2.3.4:5', IGGY_ROOT_PASSWORD: 'secret', IGGY_TEST_SHARDS: '2' });
    assert.equal(config.tcp.address, '127.0.0.1:8090');
    assert.ok(warnings.some((warning) => warning.includes("'IGGY_TCP_ADRESS'") && warning.includes('IGGY_TCP_ADDRESS')), warnings.join('\n'));
    assert.ok(warnings.some((warning) => warning.includes("'tcp.adress'")), warnings.join('\n'));
    assert.ok(!warnings.some((warning) => warning.includes('IGGY_ROOT_PASSWORD') || warning.includes('IGGY_TEST_SHARDS')), warnings.join('\n'));
  });
});

test('a .env file in the working directory supplies variables the environment lacks', () => {
  withTempDir((dir) => {
    writeFileSync(join(dir, '.env'), '# comment\nIGGY_TCP_ADDRESS="127.0.0.1:7777"\nexport IGGY_HTTP_ENABLED=false\n');
    const { config } = load(dir, { IGGY_HTTP_ENABLED: 'true' });
    assert.equal(config.tcp.address, '127.0.0.1:7777');
    assert.equal(config.http.enabled, true);
  });
});

test('bad values fail with a ConfigError that names the key', () => {
  withTempDir((dir) => {
    assertConfigError(() => load(dir, { IGGY_SYSTEM_SEGMENT_SIZE: '5 GiB' }), 'system.segment.size', /5 GiB exceeds the 1 GiB maximum/);
    assertConfigError(() => load(dir, { IGGY_SYSTEM_SEGMENT_SIZE: '1000' }), 'system.segment.size', /multiple of 512/);
    assertConfigError(() => load(dir, { IGGY_SYSTEM_SEGMENT_SIZE: 'huge' }), 'system.segment.size', /invalid byte size/);
    assertConfigError(() => load(dir, { IGGY_MESSAGE_SAVER_INTERVAL: '30' }), 'message_saver.interval');
    assertConfigError(() => load(dir, { IGGY_HEARTBEAT_ENABLED: 'yes' }), 'heartbeat.enabled', /boolean/);
    assertConfigError(() => load(dir, { IGGY_PERSONAL_ACCESS_TOKEN_MAX_TOKENS_PER_USER: '-1' }), 'personal_access_token.max_tokens_per_user');
    assertConfigError(() => load(dir, { IGGY_PERSONAL_ACCESS_TOKEN_MAX_TOKENS_PER_USER: '0' }), 'personal_access_token.max_tokens_per_user');
    assertConfigError(() => load(dir, { IGGY_SYSTEM_TOPIC_MESSAGE_EXPIRY: 'server_default' }), 'system.topic.message_expiry', /server_default/);
    assertConfigError(() => load(dir, { IGGY_SYSTEM_TOPIC_MAX_SIZE: '0' }), 'system.topic.max_size', /server_default/);
    assertConfigError(() => load(dir, { IGGY_SYSTEM_TOPIC_MAX_SIZE: '1 MiB' }), 'system.topic.max_size', /at least system.segment.size/);
    assertConfigError(() => load(dir, { IGGY_SYSTEM_SEGMENT_CACHE_INDEXES: 'some' }), 'system.segment.cache_indexes');
    assertConfigError(() => load(dir, { IGGY_TCP_ADDRESS: 'localhost' }), 'tcp.address', /host:port/);
    assertConfigError(() => load(dir, { IGGY_SYSTEM_LOGGING_LEVEL: 'verbose' }), 'system.logging.level');
    assertConfigError(() => load(dir, { IGGY_SYSTEM_COMPRESSION_DEFAULT_ALGORITHM: 'zstd' }), 'system.compression.default_algorithm');
    writeFileSync(join(dir, 'bad.toml'), '[system.partition]\nmessages_required_to_save = "many"\n');
    assertConfigError(() => load(dir, { IGGY_CONFIG_PATH: 'bad.toml' }), 'system.partition.messages_required_to_save');
  });
});

test('a TOML syntax error is an IGGY_CONFIG_PARSE error naming the file and line', () => {
  withTempDir((dir) => {
    writeFileSync(join(dir, 'broken.toml'), '[tcp]\naddress = \n');
    assert.throws(
      () => load(dir, { IGGY_CONFIG_PATH: 'broken.toml' }),
      (error: unknown) => error instanceof ConfigError && error.code === 'IGGY_CONFIG_PARSE' && error.message.includes('broken.toml') && /line 2/.test(error.message),
    );
  });
});
