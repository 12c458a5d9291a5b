// disk full (issue 13, items 1-2): a server whose data directory is a 64 MiB tmpfs runs out of
// space. While full, sends, offset stores and metadata changes get Iggy errors (not 1) and are
// not stored; polls of acknowledged data keep working; once space is freed, sends succeed without
// a restart; after a restart (SIGKILL) exactly the acknowledged messages are there, nothing of a
// batch that got an error. Needs root to mount a tmpfs; skipped with a message otherwise.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse as parseToml } from 'smol-toml';
import { ErrorCode } from '@iggy-node/protocol';
import { Consumer, IggyClient, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { buildMessages, buildPayload } from '../../helpers/messages.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';

const FS_SIZE = '64m';
const BATCH_MESSAGES_COUNT = 50;
const MESSAGE_SIZE_BYTES = 1024;
const FILLER_CHUNK_BYTES = 1024 * 1024;

function mountTmpfs(): { path: string; unmount: () => void } | string {
  if (process.getuid?.() !== 0) return 'not root: cannot mount a small tmpfs';
  const path = mkdtempSync(join(tmpdir(), 'iggy-diskfull-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${FS_SIZE}`, 'tmpfs', path], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(path, { recursive: true, force: true });
    return `mount -t tmpfs failed: ${(mounted.stderr || mounted.error?.message || '').trim()}`;
  }
  return {
    path,
    unmount: () => {
      spawnSync('umount', ['-l', path]);
      rmSync(path, { recursive: true, force: true });
    },
  };
}

/** Fills the file system with a filler file until ENOSPC; returns its path. */
function fillDisk(directory: string): string {
  const path = join(directory, 'filler');
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(FILLER_CHUNK_BYTES, 1);
  try {
    for (let size = FILLER_CHUNK_BYTES; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          if (writeSync(fd, chunk, 0, size) < size) break;
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

/** GET /health on the metrics listener: [HTTP status, body]. */
async function health(server: TestServer): Promise<[number, { ok: boolean; partitionsFailing: number }]> {
  const runtime = parseToml(readFileSync(join(server.dataDir, 'runtime', 'current_config.toml'), 'utf8')) as { http: { address: string } };
  const response = await fetch(`http://${runtime.http.address}/health`);
  return [response.status, (await response.json()) as { ok: boolean; partitionsFailing: number }];
}

function errorCode(error: unknown): number | undefined {
  return (error as { code?: unknown }).code as number | undefined;
}

async function sendBatch(client: IggyClient, batch: number): Promise<void> {
  await client.sendMessages({
    streamId: 'disk',
    topicId: 'full',
    partitioning: Partitioning.partitionId(0),
    messages: buildMessages(BATCH_MESSAGES_COUNT, MESSAGE_SIZE_BYTES, { firstIndex: batch * BATCH_MESSAGES_COUNT, prefix: 'disk', withHeaders: false }),
  });
}

/** Polls partition 0 from offset 0 and checks every message is the one sent there; returns the count. */
async function verifyPartition(client: IggyClient): Promise<number> {
  let offset = 0;
  for (;;) {
    const polled = await client.pollMessages({
      consumer: Consumer.single(1),
      streamId: 'disk',
      topicId: 'full',
      partitionId: 0,
      strategy: PollingStrategy.offset(offset),
      count: 1000,
      autoCommit: false,
    });
    if (polled.count === 0) return offset;
    for (const message of polled.messages) {
      assert.equal(message.offset, BigInt(offset));
      assert.ok(message.payload.equals(buildPayload(offset, MESSAGE_SIZE_BYTES, 'disk')), `offset ${offset}: not the message sent there`);
      offset++;
    }
  }
}

test('disk full: errors while full, acknowledged data readable, recovery without restart, exact data after restart', { timeout: 240_000 }, async (t) => {
  const mount = mountTmpfs();
  if (typeof mount === 'string') {
    t.skip(mount);
    return;
  }
  let server: TestServer | null = null;
  try {
    const dataDir = join(mount.path, 'data');
    const env = { IGGY_HTTP_ENABLED: 'true', IGGY_HTTP_ADDRESS: '127.0.0.1:0' };
    server = await startTestServer({ dataDir, env });
    const client = await server.binaryClient();
    assert.equal((await health(server))[0], 200);
    await client.createStream('disk');
    await client.createTopic({ streamId: 'disk', name: 'full', partitionsCount: 1 });
    const filler = fillDisk(mount.path);

    // Send until the disk refuses; every refused send must be a storage error (4006), never 1.
    let acked = 0;
    let refused = 0;
    while (refused < 3) {
      try {
        await sendBatch(client, acked);
        acked++;
        assert.equal(refused, 0, 'after a refusal the disk is still full: no later batch can fit');
      } catch (error) {
        assert.equal(errorCode(error), ErrorCode.CannotSaveMessagesToSegment, `send refused with ${String(error)}`);
        refused++;
      }
      assert.ok(acked < 1000, 'the disk never filled up');
    }

    // The health signal names the failing partition.
    const [status, body] = await health(server);
    assert.equal(status, 503);
    assert.equal(body.partitionsFailing, 1);

    // Polls of acknowledged data work while the disk is full.
    assert.equal(await verifyPartition(client), acked * BATCH_MESSAGES_COUNT);

    // An offset store that cannot be persisted is refused with CannotWriteToFile, not error 1.
    await assert.rejects(
      client.storeConsumerOffset({ consumer: Consumer.single(9), streamId: 'disk', topicId: 'full', partitionId: 0, offset: 5n }),
      (error: unknown) => errorCode(error) === ErrorCode.CannotWriteToFile,
    );
    // Metadata changes: the state log's last page may still hold a few; keep creating until one
    // is refused. Each one either succeeds (and survives the restart) or is refused and absent.
    const createdStreams: string[] = [];
    let metadataRefused = false;
    for (let i = 0; i < 200 && !metadataRefused; i++) {
      const name = `s${String(i).padStart(3, '0')}-${'x'.repeat(200)}`;
      try {
        await client.createStream(name);
        createdStreams.push(name);
      } catch (error) {
        assert.equal(errorCode(error), ErrorCode.CannotWriteToFile, `CreateStream refused with ${String(error)}`);
        metadataRefused = true;
      }
    }
    assert.ok(metadataRefused, 'a metadata change was refused while the disk is full');

    // Free the space: the same server takes sends, offsets and metadata again, no restart.
    rmSync(filler);
    await sendBatch(client, acked);
    acked++;
    await client.storeConsumerOffset({ consumer: Consumer.single(9), streamId: 'disk', topicId: 'full', partitionId: 0, offset: 5n });
    await client.createStream('after-full');
    createdStreams.push('after-full');
    assert.deepEqual(await health(server), [200, { ok: true, partitionsFailing: 0, stateLogFailing: false, failingPartitions: [] }]);
    assert.equal(await verifyPartition(client), acked * BATCH_MESSAGES_COUNT);

    // After a crash and restart: exactly the acknowledged messages, nothing of a refused batch.
    await server.kill();
    server = await startTestServer({ dataDir });
    const restarted = await server.binaryClient();
    assert.equal(await verifyPartition(restarted), acked * BATCH_MESSAGES_COUNT, 'exactly the acknowledged messages after restart');
    const names = (await restarted.getStreams()).map((stream) => stream.name).sort();
    assert.deepEqual(names, ['disk', ...createdStreams].sort(), 'exactly the acknowledged metadata changes after restart');
    const stored = await restarted.getConsumerOffset({ consumer: Consumer.single(9), streamId: 'disk', topicId: 'full', partitionId: 0 });
    assert.equal(stored?.storedOffset, 5n);
  } finally {
    await server?.stop().catch(() => undefined);
    mount.unmount();
  }
});
