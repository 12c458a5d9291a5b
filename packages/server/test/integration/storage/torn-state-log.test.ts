// Goal: a state log whose last entry was cut short (a crash in the middle of a metadata append)
// is repaired at the next start: everything before the torn entry is there, the torn change is
// not, and changes made after the repair survive a further restart (the tail was cut back to the
// last whole entry, so new entries do not land behind garbage). storage.md §5.2.
// Method: a real server on a kept data dir; streams A and B, then C (the last entry); SIGTERM;
// the last 10 bytes of <data>/state/log are cut off; restart; create D; restart again.
import assert from 'node:assert/strict';
import { rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createTestDataDir, startTestServer } from '../../helpers/test-server.js';

const TORN_BYTES = 10;

test('a torn last state-log entry is cut away at start; later changes survive a restart', async () => {
  const dataDir = createTestDataDir();
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const names = async (server: Awaited<ReturnType<typeof startTestServer>>) => {
    const client = await server.client();
    return (await client.getStreams()).map((stream) => stream.name).sort();
  };

  const first = await startTestServer({ dataDir });
  const client = await first.client();
  for (const name of ['A', 'B', 'C']) await client.createStream(name);
  assert.equal(await first.stop(), 0);

  const logPath = join(dataDir, 'state', 'log');
  const size = statSync(logPath).size;
  truncateSync(logPath, size - TORN_BYTES);

  const second = await startTestServer({ dataDir });
  try {
    assert.deepEqual(await names(second), ['A', 'B'], 'the torn entry (create C) is dropped, the whole ones are kept');
    assert.match(second.stdout() + second.stderr(), /torn/, 'the repair is reported');
    await (await second.client()).createStream('D');
  } finally {
    assert.equal(await second.stop(), 0);
  }
  assert.ok(statSync(logPath).size > size - TORN_BYTES, 'the new entry was appended');

  const third = await startTestServer({ dataDir });
  try {
    assert.deepEqual(await names(third), ['A', 'B', 'D']);
    assert.doesNotMatch(third.stdout() + third.stderr(), /torn/, 'nothing left to repair');
  } finally {
    assert.equal(await third.stop(), 0);
  }
});
