// Reliability: storage faults. (1) Injected through the FileIo seam in a real server
// (IGGY_FAULT_INJECTION_FILE): ENOSPC and EIO on log/index writes, short writes, failed
// fdatasync, failed file creation and failed cuts, on one partition while another takes traffic,
// plus failed state-log and consumer-offset writes. (2) A real 64 MiB tmpfs filled up, freed and
// filled again. Promised, and checked: every refused send/change gets an Iggy error (4006 or
// 10006, never 1) and nothing of it is stored; every acknowledged one is there after a kill -9
// and restart; the other partition never sees an error; the faulty one works again without a
// restart once the fault is gone.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ErrorCode } from '@iggy-node/protocol';
import { Consumer, type IggyClient, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import type { FaultRule } from '../../src/storage/fault-injector.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { recordFigures, scaled, seededRandom } from './reliability-support.js';

const BATCH_MESSAGES_COUNT = 10;

function payloadFor(batchId: number, index: number): Buffer {
  const payload = Buffer.alloc(512, index & 0xff);
  payload.write(`${batchId}:${index}|`, 0, 'utf8');
  return payload;
}

function batchIdOf(payload: Buffer): number {
  const text = payload.subarray(0, 32).toString('utf8');
  return Number(text.slice(0, text.indexOf(':')));
}

const code = (error: unknown): number | undefined => (error as { code?: number }).code;

class Ledger {
  acked = new Map<number, number>(); // batchId → partition
  refused = new Set<number>();
  errorCodes = new Map<number, number>();
  nextBatchId = 1;

  async send(client: IggyClient, partition: number): Promise<boolean> {
    const batchId = this.nextBatchId++;
    try {
      await client.sendMessages({
        streamId: 'faults',
        topicId: 'disk',
        partitioning: Partitioning.partitionId(partition),
        messages: Array.from({ length: BATCH_MESSAGES_COUNT }, (_, i) => ({ payload: payloadFor(batchId, i) })),
      });
      this.acked.set(batchId, partition);
      return true;
    } catch (error) {
      this.refused.add(batchId);
      const c = code(error) ?? -1;
      this.errorCodes.set(c, (this.errorCodes.get(c) ?? 0) + 1);
      return false;
    }
  }

  /** Reads both partitions: [acked batches missing, refused batches present]. */
  async verify(client: IggyClient, partitions: number): Promise<{ missing: number; refusedStored: number; stored: number }> {
    const storedBatches = new Map<number, number>();
    let stored = 0;
    for (let partition = 0; partition < partitions; partition++) {
      let offset = 0n;
      for (;;) {
        const polled = await client.pollMessages({
          consumer: Consumer.single(1),
          streamId: 'faults',
          topicId: 'disk',
          partitionId: partition,
          strategy: PollingStrategy.offset(offset),
          count: 1000,
          autoCommit: false,
        });
        if (polled.count === 0) break;
        for (const message of polled.messages) {
          const id = batchIdOf(message.payload);
          storedBatches.set(id, (storedBatches.get(id) ?? 0) + 1);
          offset = message.offset + 1n;
          stored++;
        }
      }
    }
    let missing = 0;
    for (const id of this.acked.keys()) if (storedBatches.get(id) !== BATCH_MESSAGES_COUNT) missing++;
    let refusedStored = 0;
    for (const id of this.refused) if (storedBatches.has(id)) refusedStored++;
    return { missing, refusedStored, stored };
  }
}

/** The faults one round injects on partition 0, chosen by seed. */
function faultsFor(round: number, random: () => number, partitionPath: string): FaultRule[] {
  const times = 1 + Math.floor(random() * 3);
  const kinds: FaultRule[][] = [
    [{ ops: ['writev'], pathIncludes: `${partitionPath}`, error: 'ENOSPC', times }],
    [{ ops: ['writev'], pathIncludes: `${partitionPath}`, error: 'EIO', skip: 1, times }],
    [{ ops: ['writev'], pathIncludes: `${partitionPath}`, shortBytes: 300, times: 1 }, { ops: ['writev'], pathIncludes: `${partitionPath}`, error: 'ENOSPC', times }],
    [{ ops: ['datasync'], pathIncludes: `${partitionPath}`, error: 'EIO', times }],
    [{ ops: ['writev'], pathIncludes: `${partitionPath}`, error: 'EIO', times: 1 }, { ops: ['truncate'], pathIncludes: `${partitionPath}`, error: 'EIO', times }],
  ];
  return kinds[(round + Math.floor(random() * kinds.length)) % kinds.length]!;
}

test('reliability: injected storage faults on one partition, the state log and offsets', { timeout: 1_800_000 }, async () => {
  const rounds = scaled({ short: 5, full: 40 });
  const seed = 23;
  const random = seededRandom(seed);
  const workDir = mkdtempSync(join(tmpdir(), 'iggy-faults-'));
  const faultFile = join(workDir, 'faults.json');
  const env = { IGGY_FAULT_INJECTION_FILE: faultFile, IGGY_SYSTEM_PARTITION_ENFORCE_FSYNC: 'true' };
  let server: TestServer = await startTestServer({ shardCount: 2, keepDataDir: true, env });
  const dataDir = server.dataDir;
  try {
    const client = await server.binaryClient();
    const stream = await client.createStream('faults');
    const topic = await client.createTopic({ streamId: 'faults', name: 'disk', partitionsCount: 2 });
    const partitionPath = `/streams/${(stream as { id: number }).id}/topics/${(topic as { id: number }).id}/partitions/0/`;
    const ledger = new Ledger();
    let otherPartitionErrors = 0;
    let recoveredWithoutRestart = 0;
    for (let round = 0; round < rounds; round++) {
      writeFileSync(faultFile, JSON.stringify(faultsFor(round, random, partitionPath)));
      let refusedThisRound = 0;
      for (let i = 0; i < 6; i++) {
        if (!(await ledger.send(client, 0))) refusedThisRound++;
        if (!(await ledger.send(client, 1))) otherPartitionErrors++;
      }
      assert.ok(refusedThisRound > 0, `round ${round}: the injected fault refused no send`);
      writeFileSync(faultFile, '[]');
      assert.ok(await ledger.send(client, 0), `round ${round}: partition 0 works again once the fault is gone`);
      recoveredWithoutRestart++;
    }
    // State log and consumer offsets that cannot be written.
    writeFileSync(faultFile, JSON.stringify([{ ops: ['write'], pathIncludes: 'state', error: 'ENOSPC' }, { ops: ['rename'], pathIncludes: 'offsets', error: 'EIO' }]));
    await assert.rejects(client.createStream('never'), (error: unknown) => code(error) === ErrorCode.CannotWriteToFile);
    await assert.rejects(
      client.storeConsumerOffset({ consumer: Consumer.single(5), streamId: 'faults', topicId: 'disk', partitionId: 0, offset: 3n }),
      (error: unknown) => code(error) === ErrorCode.CannotWriteToFile,
    );
    writeFileSync(faultFile, '[]');
    await client.createStream('after');

    await server.kill();
    server = await startTestServer({ shardCount: 2, keepDataDir: true, dataDir });
    const restarted = await server.binaryClient();
    const { missing, refusedStored, stored } = await ledger.verify(restarted, 2);
    const streams = (await restarted.getStreams()).map((s) => s.name).sort();
    const offset = await restarted.getConsumerOffset({ consumer: Consumer.single(5), streamId: 'faults', topicId: 'disk', partitionId: 0 });
    recordFigures('storage faults injected through the FileIo seam (fsync on)', {
      seed,
      rounds,
      ackedBatches: ledger.acked.size,
      refusedBatches: ledger.refused.size,
      refusalCodes: [...ledger.errorCodes].map(([c, n]) => `${c}×${n}`).join(' '),
      ackedLostAfterRestart: missing,
      refusedButStored: refusedStored,
      storedMessages: stored,
      otherPartitionErrors,
      recoveredWithoutRestart,
    });
    assert.equal(missing, 0, 'acknowledged batches lost');
    assert.equal(refusedStored, 0, 'refused batches stored');
    assert.equal(otherPartitionErrors, 0, 'the healthy partition saw errors');
    assert.deepEqual([...ledger.errorCodes.keys()], [ErrorCode.CannotSaveMessagesToSegment]);
    assert.deepEqual(streams, ['after', 'faults']);
    assert.equal(offset, null);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  }
});

test('reliability: a real 64 MiB tmpfs filled, freed and filled again', { timeout: 1_800_000 }, async (t) => {
  if (process.getuid?.() !== 0) {
    t.skip('not root: cannot mount a tmpfs');
    return;
  }
  const mountPoint = mkdtempSync(join(tmpdir(), 'iggy-tmpfs-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64m', 'tmpfs', mountPoint], { encoding: 'utf8' });
  if (mounted.status !== 0) {
    rmSync(mountPoint, { recursive: true, force: true });
    t.skip(`mount -t tmpfs failed: ${mounted.stderr.trim()}`);
    return;
  }
  const cycles = scaled({ short: 2, full: 6 });
  const dataDir = join(mountPoint, 'data');
  let server: TestServer = await startTestServer({ shardCount: 2, dataDir });
  try {
    let client = await server.binaryClient();
    await client.createStream('faults');
    await client.createTopic({ streamId: 'faults', name: 'disk', partitionsCount: 2 });
    const ledger = new Ledger();
    let refusedWhileFull = 0;
    for (let cycle = 0; cycle < cycles; cycle++) {
      for (let i = 0; i < 40; i++) assert.ok(await ledger.send(client, i % 2), 'sends work before the disk is full');
      const filler = join(mountPoint, `filler-${cycle}`);
      fill(filler);
      let refused = 0;
      for (let attempts = 0; refused < 3 && attempts < 10_000; attempts++) if (!(await ledger.send(client, attempts % 2))) refused++;
      refusedWhileFull += refused;
      rmSync(filler);
      assert.ok(await ledger.send(client, 0), 'sends work again once space is freed');
      assert.ok(await ledger.send(client, 1));
      await server.kill();
      server = await startTestServer({ shardCount: 2, dataDir });
      client = await server.binaryClient();
      const { missing, refusedStored } = await ledger.verify(client, 2);
      assert.equal(missing, 0, `cycle ${cycle}: acknowledged batches lost`);
      assert.equal(refusedStored, 0, `cycle ${cycle}: refused batches stored`);
    }
    const { stored } = await ledger.verify(client, 2);
    recordFigures('disk full on a real 64 MiB tmpfs (kill -9 and restart each cycle)', {
      cycles,
      ackedBatches: ledger.acked.size,
      refusedWhileFull,
      refusalCodes: [...ledger.errorCodes].map(([c, n]) => `${c}×${n}`).join(' '),
      ackedLostAfterRestart: 0,
      refusedButStored: 0,
      storedMessages: stored,
    });
    assert.deepEqual([...ledger.errorCodes.keys()], [ErrorCode.CannotSaveMessagesToSegment]);
  } finally {
    await server.stop().catch(() => undefined);
    spawnSync('umount', ['-l', mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  }
});

function fill(path: string): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(1024 * 1024, 1);
  try {
    for (let size = chunk.length; size >= 1; size = Math.floor(size / 2)) {
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
}
