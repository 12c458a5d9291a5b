// Checks that createLogger, fed from [system.logging], writes JSON lines synchronously to the configured file at the configured level and redacts password/token fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load-config.js';
import { createLogger } from '../../../src/logging/create-logger.js';
import { logFilePath } from '../../../src/logging/log-file-path.js';
import { toPinoLevel } from '../../../src/logging/log-level.js';

test('logs go to {system.path}/logs at the configured level, with secrets redacted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'iggy-logging-test-'));
  try {
    const { config } = loadConfig({ cwd: dir, availableCpus: 4, env: { IGGY_SYSTEM_LOGGING_LEVEL: 'warn' } });
    const filePath = logFilePath(config, dir);
    assert.equal(filePath, join(dir, 'local_data', 'logs', 'iggy-server.log'));
    const logger = createLogger({ level: config.system.logging.level, filePath, stdout: false, threadName: 'shard-3' });
    logger.info('not written: below warn');
    logger.warn({ user: { username: 'root', password: 'hunter2' }, token: 'abc', encoding_secret: 's3' }, 'login attempt');
    // Synchronous destinations: the line is on disk as soon as the call returns.
    const lines = readFileSync(filePath!, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal(lines.length, 1);
    const line = lines[0]!;
    assert.equal(line.msg, 'login attempt');
    assert.equal(line.thread, 'shard-3');
    assert.deepEqual(line.user, { username: 'root', password: '[redacted]' });
    assert.equal(line.token, '[redacted]');
    assert.equal(line.encoding_secret, '[redacted]');
    assert.ok(!readFileSync(filePath!, 'utf8').includes('hunter2'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('file logging can be switched off', () => {
  const { config } = loadConfig({ cwd: tmpdir(), availableCpus: 4, env: { IGGY_SYSTEM_LOGGING_FILE_ENABLED: 'false', IGGY_CONFIG_PATH: '/nonexistent/config.toml' } });
  assert.equal(logFilePath(config), undefined);
});

test('Iggy level directives map to pino levels', () => {
  assert.equal(toPinoLevel('info'), 'info');
  assert.equal(toPinoLevel('TRACE'), 'trace');
  assert.equal(toPinoLevel('off'), 'silent');
  assert.equal(toPinoLevel('none'), 'silent');
  assert.equal(toPinoLevel('warn,server=debug'), 'warn');
  assert.equal(toPinoLevel('server=debug'), 'info');
  assert.throws(() => toPinoLevel('loud'));
  assert.throws(() => toPinoLevel('info,server=loud'));
});
