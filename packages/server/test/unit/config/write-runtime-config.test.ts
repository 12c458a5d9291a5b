// Checks that the runtime config is written under {system.path}/runtime with bound addresses and that reading it back yields the same config (round trip through TOML).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, readConfigFile } from '../../../src/config/load-config.js';
import { convertRawConfig } from '../../../src/config/convert-raw-config.js';
import { mergeRawConfig } from '../../../src/config/raw-config.js';
import { DEFAULT_RAW_CONFIG } from '../../../src/config/defaults.js';
import { writeRuntimeConfig } from '../../../src/config/write-runtime-config.js';

test('writes current_config.toml with bound addresses, and it parses back to the same config', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iggy-runtime-config-test-'));
  try {
    const { config } = loadConfig({
      cwd: dir,
      availableCpus: 4,
      env: {
        IGGY_TCP_ADDRESS: '127.0.0.1:0',
        IGGY_SYSTEM_PATH: 'data',
        IGGY_SYSTEM_TOPIC_MESSAGE_EXPIRY: '2 days 3 h',
        IGGY_SYSTEM_TOPIC_MAX_SIZE: '3 GiB',
        IGGY_SYSTEM_SHARDING_CPU_ALLOCATION: '2',
        IGGY_WEBSOCKET_MAX_FRAME_SIZE: '16 MiB',
        IGGY_HTTP_JWT_ACCESS_TOKEN_EXPIRY: 'none',
        IGGY_SYSTEM_PARTITION_ENFORCE_FSYNC: 'true',
      },
    });
    const path = await writeRuntimeConfig(config, { tcpAddress: '127.0.0.1:45123', httpAddress: '127.0.0.1:45124' }, { cwd: dir });
    assert.equal(path, join(dir, 'data', 'runtime', 'current_config.toml'));
    assert.deepEqual(readdirSync(join(dir, 'data', 'runtime')), ['current_config.toml'], 'no temporary file is left behind');

    // Layered over nothing but the file itself: the file alone must be a complete config.
    const reread = convertRawConfig(readConfigFile(path));
    assert.deepEqual(reread.unknownKeys, []);
    const expected = structuredClone(config);
    expected.tcp.address = '127.0.0.1:45123';
    expected.http.address = '127.0.0.1:45124';
    assert.deepEqual(reread.config, expected);
    assert.equal(reread.config.system.sharding.cpu_allocation, 2);
    assert.equal(reread.config.system.topic.message_expiry, 2 * 86_400_000 + 3 * 3_600_000);
    assert.equal(reread.config.http.jwt.access_token_expiry, null);
    assert.equal(config.tcp.address, '127.0.0.1:0', 'the input config is not modified');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a second write replaces the file atomically', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'iggy-runtime-config-test-'));
  try {
    const { config } = loadConfig({ cwd: dir, availableCpus: 4, env: {} });
    await writeRuntimeConfig(config, { tcpAddress: '127.0.0.1:1' }, { cwd: dir });
    const path = await writeRuntimeConfig(config, { tcpAddress: '127.0.0.1:2' }, { cwd: dir });
    assert.ok(existsSync(path));
    const reread = convertRawConfig(mergeRawConfig(DEFAULT_RAW_CONFIG, readConfigFile(path))).config;
    assert.equal(reread.tcp.address, '127.0.0.1:2');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
