// The ack-only and serve-only Node servers that --net-ceiling measures beside the workload: they
// answer every frame, whole and only once, including 1 MB frames that arrive in many chunks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureProtocolCeiling } from '../src/net-ceiling/protocol-ceiling.js';

test('ack-only and serve-only servers answer batches of the workload size on several connections', async () => {
  const ceiling = await measureProtocolCeiling({ seconds: 0.3, messagesPerBatch: 1000, messageSizeBytes: 1000, ackConnections: 2, serveConnections: 1 });
  assert.equal(ceiling.batchBytes, 1000 * 1064);
  assert.equal(ceiling.ackOnly.connections, 2);
  assert.equal(ceiling.serveOnly.connections, 1);
  for (const figure of [ceiling.ackOnly, ceiling.serveOnly]) {
    assert.ok(figure.messagesPerSecond > 0, 'batches were answered');
    // Whole batches only: MB/s and msgs/s describe the same number of batches.
    const batchesPerSecondFromMessages = figure.messagesPerSecond / 1000;
    const batchesPerSecondFromBytes = (figure.mbPerSecond * 1e6) / ceiling.batchBytes;
    assert.ok(Math.abs(batchesPerSecondFromMessages - batchesPerSecondFromBytes) < 1e-6);
  }
});
