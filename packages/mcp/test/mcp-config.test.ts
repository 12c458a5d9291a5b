// iggy-mcp configuration: defaults with no file, TOML/YAML/JSON files, IGGY_MCP_* overrides.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadMcpConfig } from '../src/config.js';

function withTempDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'iggy-mcp-config-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('no file: stdio, 127.0.0.1:8090, iggy/iggy, every permission on', () => {
  const { config, path, warnings } = loadMcpConfig({});
  assert.equal(path, null);
  assert.equal(config.transport, 'stdio');
  assert.equal(config.iggy.address, '127.0.0.1:8090');
  assert.equal(config.iggy.username, 'iggy');
  assert.equal(config.iggy.password, 'iggy');
  assert.deepEqual(config.permissions, { create: true, read: true, update: true, delete: true });
  assert.deepEqual(warnings, []);
});

test('TOML file then environment overrides, section then key', () => {
  withTempDir((dir) => {
    const file = join(dir, 'config.toml');
    writeFileSync(file, 'transport = "http"\n[http]\naddress = "0.0.0.0:9000"\n[http.cors]\nenabled = true\n[iggy]\nusername = "reader"\npassword = "pw"\n[permissions]\ndelete = false\n');
    const { config, warnings } = loadMcpConfig({
      IGGY_MCP_CONFIG_PATH: file,
      IGGY_MCP_IGGY_ADDRESS: '10.0.0.1:8090',
      IGGY_MCP_IGGY_TOKEN: 'tok',
      IGGY_MCP_PERMISSIONS_CREATE: 'false',
      IGGY_MCP_HTTP_CORS_ALLOWED_ORIGINS: 'https://a.example,https://b.example',
    });
    assert.equal(config.transport, 'http');
    assert.equal(config.http.address, '0.0.0.0:9000');
    assert.equal(config.http.path, '/mcp');
    assert.equal(config.http.cors.enabled, true);
    assert.deepEqual(config.http.cors.allowed_origins, ['https://a.example', 'https://b.example']);
    assert.equal(config.iggy.address, '10.0.0.1:8090');
    assert.equal(config.iggy.username, 'reader');
    assert.equal(config.iggy.token, 'tok');
    assert.deepEqual(config.permissions, { create: false, read: true, update: true, delete: false });
    assert.deepEqual(warnings, []);
  });
});

test('YAML and JSON files; unknown keys and variables are named in warnings', () => {
  withTempDir((dir) => {
    const yamlFile = join(dir, 'config.yaml');
    writeFileSync(yamlFile, 'transport: stdio\niggy:\n  address: "127.0.0.1:1234"\n  colour: blue\n');
    const yamlLoaded = loadMcpConfig({ IGGY_MCP_CONFIG_PATH: yamlFile, IGGY_MCP_NOPE: '1' });
    assert.equal(yamlLoaded.config.iggy.address, '127.0.0.1:1234');
    assert.ok(yamlLoaded.warnings.some((w) => w.includes('iggy.colour')));
    assert.ok(yamlLoaded.warnings.some((w) => w.includes('IGGY_MCP_NOPE')));

    const jsonFile = join(dir, 'config.json');
    writeFileSync(jsonFile, JSON.stringify({ permissions: { read: false }, telemetry: { enabled: true } }));
    const jsonLoaded = loadMcpConfig({ IGGY_MCP_CONFIG_PATH: jsonFile });
    assert.equal(jsonLoaded.config.permissions.read, false);
    assert.ok(jsonLoaded.warnings.some((w) => w.includes('[telemetry]')), 'an unsupported setting is named at start-up');
  });
});

test('bad values are clear errors', () => {
  assert.throws(() => loadMcpConfig({ IGGY_MCP_TRANSPORT: 'carrier-pigeon' }), /transport/);
  assert.throws(() => loadMcpConfig({ IGGY_MCP_PERMISSIONS_DELETE: 'maybe' }), /IGGY_MCP_PERMISSIONS_DELETE/);
  assert.throws(() => loadMcpConfig({ IGGY_MCP_IGGY_ADDRESS: 'nowhere' }), /\[iggy\] address/);
  assert.throws(() => loadMcpConfig({ IGGY_MCP_CONFIG_PATH: '/nonexistent/iggy-mcp.toml' }), /no such file/);
});
