// Goal: rotated log files past the retention go, then the oldest while the total is over
// max_total_size; the active file is never removed. Method: files with set mtimes.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cleanupLogFiles } from '../../../src/logging/rotating-file-destination.js';

test('cleanupLogFiles applies retention, then the total size, oldest first', (t) => {
  const directory = mkdtempSync(join(tmpdir(), 'iggy-log-cleanup-'));
  t.after(() => rmSync(directory, { recursive: true, force: true }));
  const active = join(directory, 'iggy-server.log');
  const nowMs = 1_800_000_000_000;
  writeFileSync(active, Buffer.alloc(500));
  const ages = { a: 10_000, b: 4_000, c: 3_000, d: 2_000 }; // ms before now
  for (const [name, age] of Object.entries(ages)) {
    const path = `${active}.${name}`;
    writeFileSync(path, Buffer.alloc(1000));
    utimesSync(path, (nowMs - age) / 1000, (nowMs - age) / 1000);
  }
  writeFileSync(join(directory, 'other.log'), 'not ours');

  // Retention 5 s removes a; total 500 + 3 × 1000 > 2600 removes b, the oldest left.
  assert.equal(cleanupLogFiles(active, { maxFileSizeBytes: 1000, maxTotalSizeBytes: 2600, retentionMs: 5_000 }, nowMs), 2);
  assert.deepEqual(readdirSync(directory).sort(), ['iggy-server.log', 'iggy-server.log.c', 'iggy-server.log.d', 'other.log']);
  // Limits of 0 remove nothing.
  assert.equal(cleanupLogFiles(active, { maxFileSizeBytes: 0, maxTotalSizeBytes: 0, retentionMs: 0 }, nowMs + 1e9), 0);
});
