// Connector files as Iggy writes them, the runtime config with IGGY_CONNECTORS_* overrides,
// and how a plugin path resolves.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConnectorConfigs } from '../src/config/connector-config.js';
import { parseDurationMs } from '../src/config/durations.js';
import { loadRuntimeConfig } from '../src/config/runtime-config.js';
import { resolvePluginSpecifier } from '../src/runtime/plugin-loader.js';

function inTempDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'iggy-connectors-config-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("Iggy's example connector files load unchanged", () => {
  inTempDir((dir) => {
    writeFileSync(
      join(dir, 'stdout_sink.toml'),
      'type = "sink"\nkey = "stdout"\nenabled = true\nversion = 0\nname = "Stdout sink"\npath = "target/release/libiggy_connector_stdout_sink"\nverbose = false\n\n' +
        '[[streams]]\nstream = "example_stream"\ntopics = ["example_topic"]\nschema = "json"\nbatch_length = 100\npoll_interval = "5ms"\nconsumer_group = "stdout_sink_connector"\n\n' +
        '[plugin_config]\nprint_payload = true\n',
    );
    writeFileSync(
      join(dir, 'random_source.toml'),
      'key = "random"\nname = "Random source"\n[[streams]]\nstream = "example_stream"\ntopic = "example_topic"\nschema = "json"\nbatch_length = 1000\nlinger_time = "5ms"\n[plugin_config]\ninterval = "100ms"\n',
    );
    writeFileSync(join(dir, '.active_versions.toml'), 'ignored = true\n');
    const warnings: string[] = [];
    const configs = loadConnectorConfigs(dir, (line) => warnings.push(line));
    assert.deepEqual(configs.map((c) => [c.type, c.key]), [
      ['source', 'random'],
      ['sink', 'stdout'],
    ]);
    const sink = configs[1]!;
    assert.equal(sink.type, 'sink');
    if (sink.type === 'sink') assert.deepEqual(sink.streams[0], { stream: 'example_stream', topics: ['example_topic'], schema: 'json', batchLength: 100, pollIntervalMs: 5, consumerGroup: 'stdout_sink_connector' });
    assert.deepEqual({ ...sink.pluginConfig }, { print_payload: true });
    assert.deepEqual(warnings, ['random_source.toml streams[0]: linger_time is not used by this runtime; each poll is sent as it comes']);
  });
});

test('bad connector files are clear errors', () => {
  inTempDir((dir) => {
    writeFileSync(join(dir, 'x_sink.toml'), 'key = "x"\n');
    assert.throws(() => loadConnectorConfigs(dir, () => {}), /at least one \[\[streams\]\]/);
    writeFileSync(join(dir, 'x_sink.toml'), 'key = "x"\n[[streams]]\nstream = "s"\ntopics = ["t"]\nschema = "proto"\n');
    assert.throws(() => loadConnectorConfigs(dir, () => {}), /schema "proto"/);
    writeFileSync(join(dir, 'x_sink.toml'), 'key = "x"\n[[streams]]\nstream = "s"\ntopics = ["t"]\npoll_interval = "soon"\n');
    assert.throws(() => loadConnectorConfigs(dir, () => {}), /not a duration/);
  });
});

test('runtime config: file, relative paths, environment overrides', () => {
  inTempDir((dir) => {
    const file = join(dir, 'config.toml');
    writeFileSync(file, '[http]\naddress = "127.0.0.1:9081"\n[state]\npath = "st"\n[connectors]\nconfig_dir = "conns"\n');
    const { config, warnings } = loadRuntimeConfig({
      IGGY_CONNECTORS_CONFIG_PATH: file,
      IGGY_CONNECTORS_IGGY_ADDRESS: '10.1.1.1:8090',
      IGGY_CONNECTORS_HTTP_API_KEY: 'k',
      IGGY_CONNECTORS_SINK_STDOUT_ENABLED: 'false',
    });
    assert.equal(config.http.address, '127.0.0.1:9081');
    assert.equal(config.http.api_key, 'k');
    assert.equal(config.iggy.address, '10.1.1.1:8090');
    assert.equal(config.state.path, join(dir, 'st'));
    assert.equal(config.connectors.config_dir, join(dir, 'conns'));
    assert.ok(warnings.some((w) => w.includes('IGGY_CONNECTORS_SINK_STDOUT_ENABLED')), 'an override we do not read is named');
  });
});

test('plugin paths: built-ins by key, by Iggy library name, by builtin:; local files; packages', () => {
  const builtin = (type: 'sink' | 'source', key: string, path: string) => resolvePluginSpecifier(type, key, path, '/etc/conns');
  assert.match(builtin('sink', 'stdout', ''), /plugins\/stdout-sink\.js$/);
  assert.match(builtin('sink', 'pg', 'target/release/libiggy_connector_postgres_sink'), /plugins\/postgres-sink\.js$/);
  assert.match(builtin('source', 'x', 'builtin:random'), /plugins\/random-source\.js$/);
  assert.equal(builtin('sink', 'mine', './plugins/my-sink.mjs'), 'file:///etc/conns/plugins/my-sink.mjs');
  assert.equal(builtin('sink', 'mine', 'some-unknown-npm-package'), 'some-unknown-npm-package');
  assert.throws(() => builtin('sink', 'elasticsearch', ''), /no built-in sink plugin/);
});

test('durations as Iggy writes them', () => {
  assert.equal(parseDurationMs('5ms', 'x', 0), 5);
  assert.equal(parseDurationMs('1s', 'x', 0), 1000);
  assert.equal(parseDurationMs('1m 30s', 'x', 0), 90_000);
  assert.equal(parseDurationMs(undefined, 'x', 7), 7);
  assert.throws(() => parseDurationMs('5 parsecs', 'x', 0), /not a duration/);
});
