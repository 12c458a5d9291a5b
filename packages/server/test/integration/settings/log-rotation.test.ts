// [system.logging] max_file_size / max_total_size: the file log is rotated at the size limit
// by whichever thread (coordinator or shard) crosses it, and the oldest rotated files are
// removed so that all log files together stay near max_total_size; sysinfo_print_interval
// logs CPU, memory, disk and per-shard counters. Method: a 4 KB file limit, debug level, and
// a stream of connections that send an unknown command (one debug line each).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeRequestFrame } from '@iggy-node/protocol';
import { RawConnection } from '../protocol/raw-connection.js';
import { startTestServer } from '../../helpers/test-server.js';

const MAX_FILE_BYTES = 4000;
const MAX_TOTAL_BYTES = 20_000;
/**
 * How far a file may pass its limits: a thread looks at the real size every 16 lines, so the
 * other shard's lines (~250 B each) can still land in a file just rotated.
 */
const SLACK_BYTES = 10_000;

function logFiles(directory: string): { name: string; size: number; text: string }[] {
  return readdirSync(directory)
    .filter((name) => name.startsWith('iggy-server.log'))
    .map((name) => ({ name, size: statSync(join(directory, name)).size, text: readFileSync(join(directory, name), 'utf8') }));
}

test('log rotation: tiny max_file_size rotates, max_total_size caps, sysinfo is logged', { timeout: 90_000 }, async (t) => {
  const server = await startTestServer({
    shardCount: 2,
    env: {
      IGGY_SYSTEM_LOGGING_LEVEL: 'debug',
      IGGY_SYSTEM_LOGGING_MAX_FILE_SIZE: `${MAX_FILE_BYTES} B`,
      IGGY_SYSTEM_LOGGING_MAX_TOTAL_SIZE: `${MAX_TOTAL_BYTES} B`,
      IGGY_SYSTEM_LOGGING_ROTATION_CHECK_INTERVAL: '1 s',
      IGGY_SYSTEM_LOGGING_SYSINFO_PRINT_INTERVAL: '1 s',
    },
  });
  t.after(() => server.stop());
  const logs = join(server.dataDir, 'logs');

  for (let i = 0; i < 400; i += 1) {
    const connection = await RawConnection.open(server.host, server.port);
    await connection.write(encodeRequestFrame(9999, Buffer.alloc(0)));
    await connection.closed;
  }

  const deadline = Date.now() + 30_000;
  while (!logFiles(logs).some((file) => file.text.includes('sysinfo:'))) {
    assert.ok(Date.now() < deadline, 'a sysinfo line is written within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const files = logFiles(logs);
  const rotated = files.filter((file) => file.name !== 'iggy-server.log');
  assert.ok(rotated.length >= 2, `rotated files exist: ${files.map((f) => f.name).join(', ')}`);
  for (const file of rotated) assert.ok(file.size < MAX_FILE_BYTES + SLACK_BYTES, `${file.name} is ${file.size} B`);
  const total = files.reduce((sum, file) => sum + file.size, 0);
  // 400 lines of ~250 B were written: without the cap the files would hold > 90 KB.
  assert.ok(total <= MAX_TOTAL_BYTES + MAX_FILE_BYTES + SLACK_BYTES, `all log files together are ${total} B`);
  const all = files.map((file) => file.text).join('');
  const sysinfo = all.split('\n').find((line) => line.includes('sysinfo:'))!;
  const fields = JSON.parse(sysinfo) as { cpuPercent: number; rssMiB: number; diskFreeMiB: number; shards: { shard: number }[] };
  assert.equal(typeof fields.cpuPercent, 'number');
  assert.ok(fields.rssMiB > 0 && fields.diskFreeMiB >= 0);
  assert.deepEqual(fields.shards.map((s) => s.shard), [0, 1]);
  for (const line of all.split('\n').filter((l) => l !== '')) JSON.parse(line); // whole lines only
});
