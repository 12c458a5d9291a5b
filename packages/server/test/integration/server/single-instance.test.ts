// server: a second server can neither share a running server's data directory (it would corrupt
// segments, and --fresh would wipe them) nor its TCP port (SO_REUSEPORT would let the kernel split
// connections between the two). Method: start one real server, then try a second each way and
// check it refuses with a message naming the cause, and that the first keeps its data.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { startTestServer } from '../../helpers/test-server.js';

test('server: a second server on the same data directory or port is refused', { timeout: 60_000 }, async (t) => {
  const first = await startTestServer({ shardCount: 2 });
  t.after(() => first.stop());
  const client = await first.client();
  await client.createStream('kept');

  await assert.rejects(startTestServer({ dataDir: first.dataDir, args: ['--fresh'] }), /in use by another server/);
  assert.ok(existsSync(path.join(first.dataDir, 'state', 'log')), '--fresh of the second server removed nothing');
  assert.equal((await client.getStream('kept'))?.name, 'kept');

  await assert.rejects(startTestServer({ shardCount: 2, env: { IGGY_TCP_ADDRESS: first.tcpAddress } }), /already in use/);
  assert.equal((await client.getStreams()).length, 1, 'the first server still serves its own data');
});
