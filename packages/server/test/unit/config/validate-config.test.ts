// Checks validateConfig's Iggy rules and our additions by changing one field of the default config at a time and expecting a ConfigError naming that field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../../src/config/config-error.js';
import { convertRawConfig } from '../../../src/config/convert-raw-config.js';
import { DEFAULT_RAW_CONFIG } from '../../../src/config/defaults.js';
import type { ServerConfig } from '../../../src/config/server-config.js';
import { validateConfig } from '../../../src/config/validate-config.js';

function defaults(): ServerConfig {
  return convertRawConfig(DEFAULT_RAW_CONFIG).config;
}

function expectInvalid(change: (config: ServerConfig) => void, key: string): void {
  const config = defaults();
  change(config);
  assert.throws(
    () => validateConfig(config, { availableCpus: 4 }),
    (error: unknown) => error instanceof ConfigError && error.key === key && error.code === 'IGGY_CONFIG_INVALID',
    key,
  );
}

test('the defaults are valid and produce no warnings', () => {
  assert.deepEqual(validateConfig(defaults(), { availableCpus: 1 }), []);
});

test('memory pool rules apply only when the pool is enabled', () => {
  expectInvalid((c) => { c.system.memory_pool.size = 256 * 1024 ** 2; }, 'system.memory_pool.size');
  expectInvalid((c) => { c.system.memory_pool.size = 1024 ** 3 + 1; }, 'system.memory_pool.size');
  expectInvalid((c) => { c.system.memory_pool.bucket_capacity = 64; }, 'system.memory_pool.bucket_capacity');
  expectInvalid((c) => { c.system.memory_pool.bucket_capacity = 1000; }, 'system.memory_pool.bucket_capacity');
  const config = defaults();
  config.system.memory_pool.enabled = false;
  config.system.memory_pool.size = 0;
  assert.deepEqual(validateConfig(config, { availableCpus: 4 }), []);
});

test('interval, logging, topic and cluster rules name their keys', () => {
  expectInvalid((c) => { c.data_maintenance.messages.cleaner_enabled = true; c.data_maintenance.messages.interval = 0; }, 'data_maintenance.messages.interval');
  expectInvalid((c) => { c.personal_access_token.cleaner.interval = 0; }, 'personal_access_token.cleaner.interval');
  expectInvalid((c) => { c.system.logging.retention = 500; }, 'system.logging.retention');
  expectInvalid((c) => { c.system.logging.rotation_check_interval = 0; }, 'system.logging.rotation_check_interval');
  expectInvalid((c) => { c.system.logging.max_file_size = 5e9; }, 'system.logging.max_total_size');
  expectInvalid((c) => { c.system.logging.level = ''; }, 'system.logging.level');
  expectInvalid((c) => { c.system.segment.size = 0; }, 'system.segment.size');
  expectInvalid((c) => { c.system.partition.messages_required_to_save = 0; }, 'system.partition.messages_required_to_save');
  expectInvalid((c) => { c.message_saver.interval = 0; }, 'message_saver.interval');
  expectInvalid((c) => { c.heartbeat.enabled = true; c.heartbeat.interval = 0; }, 'heartbeat.interval');
  expectInvalid((c) => { c.telemetry.enabled = true; c.telemetry.service_name = ' '; }, 'telemetry.service_name');
  expectInvalid((c) => { c.system.encryption.enabled = true; c.system.encryption.key = 'c2hvcnQ='; }, 'system.encryption.key');
  expectInvalid((c) => { c.http.address = '127.0.0.1:70000'; }, 'http.address');
  expectInvalid((c) => { c.cluster.enabled = true; c.cluster.node.others[0]!.name = 'iggy-node-1'; }, 'cluster.node.others[0].name');
  expectInvalid((c) => { c.cluster.enabled = true; c.cluster.node.others[0]!.ports.tcp = 0; }, 'cluster.node.others[0].ports.tcp');
});

test('a disabled transport is not checked, an IPv6 address is accepted, unlimited logs are fine', () => {
  const config = defaults();
  config.quic.enabled = false;
  config.quic.address = 'nonsense';
  config.tcp.address = '[::1]:8090';
  config.system.logging.max_total_size = 0;
  config.system.logging.level = 'warn,server=debug';
  config.system.encryption.enabled = true;
  config.system.encryption.key = Buffer.alloc(32, 7).toString('base64');
  assert.deepEqual(validateConfig(config, { availableCpus: 4 }), []);
});

test('compression other than none is a warning, not an error', () => {
  const config = defaults();
  config.system.compression.default_algorithm = 'gzip';
  const warnings = validateConfig(config, { availableCpus: 4 });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /compression/);
});
