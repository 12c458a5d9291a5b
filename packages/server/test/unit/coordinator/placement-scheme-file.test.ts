// A data directory records its placement scheme once: new directories get spread-v1, a
// directory with data but no record (made before the record existed) keeps murmur3, a record is
// never rewritten, and an unknown record stops start-up naming the file. Method: temp dirs.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PLACEMENT_FILE_NAME, resolvePlacementScheme } from '../../../src/coordinator/placement-scheme-file.js';

function tempDataDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'placement-'));
  mkdirSync(path.join(dir, 'state'));
  mkdirSync(path.join(dir, 'streams'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('placement record: a new directory gets spread-v1, and keeps it', (t) => {
  const dir = tempDataDir(t);
  assert.deepEqual(resolvePlacementScheme(dir, 'streams'), { scheme: 'spread-v1', created: true });
  mkdirSync(path.join(dir, 'streams', '0'));
  assert.deepEqual(resolvePlacementScheme(dir, 'streams'), { scheme: 'spread-v1', created: false });
  assert.equal(readFileSync(path.join(dir, 'state', PLACEMENT_FILE_NAME), 'utf8'), 'spread-v1\n');
});

test('placement record: an older directory with data keeps murmur3', (t) => {
  const dir = tempDataDir(t);
  writeFileSync(path.join(dir, 'state', 'log'), 'x');
  assert.deepEqual(resolvePlacementScheme(dir, 'streams'), { scheme: 'murmur3', created: true });
  assert.deepEqual(resolvePlacementScheme(dir, 'streams'), { scheme: 'murmur3', created: false });
});

test('placement record: an unknown scheme is refused naming the file', (t) => {
  const dir = tempDataDir(t);
  writeFileSync(path.join(dir, 'state', PLACEMENT_FILE_NAME), 'round-robin\n');
  assert.throws(() => resolvePlacementScheme(dir, 'streams'), /partition_placement: unknown partition placement scheme "round-robin"/);
});
