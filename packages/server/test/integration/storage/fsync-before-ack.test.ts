// fsync-before-ack: with system.partition.enforce_fsync every acknowledged SendMessages was
// fdatasync'ed to its segment's .log file before the acknowledgement left the server; without it,
// no .log file is synced on the send path. A crash test cannot tell the two apart (SIGKILL of the
// process keeps the page cache; only a power cut would lose the unsynced bytes), so this test
// watches the kernel instead: strace attaches to the real server process (every thread) and
// records fdatasync/fsync with their file paths and the writes to TCP sockets. The SendMessages
// reply is the 8-byte frame status 0, length 0 (wire-protocol.md §3), so each acknowledgement is
// one such write, and "acknowledged ⇒ fsynced" becomes: before the k-th acknowledgement there
// was a completed fdatasync of the partition's .log file after the (k-1)-th.
// Why strace and not a counter in our code: a counter sits next to the call it counts and
// survives the call being removed; a syscall trace does not depend on our code at all, and it
// also shows the order (the sync completed before the reply was written), which is the guarantee.
// Needs strace (installed by .ci/run) and permission to ptrace the server (root, or yama scope 0).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Partitioning } from '@iggy-node/sdk';
import { buildMessages } from '../../helpers/messages.js';
import { startTestServer } from '../../helpers/test-server.js';

const SENDS_COUNT = 12;
const MESSAGES_PER_SEND = 10;
const ATTACH_TIMEOUT_MS = 30_000;
const STRACE_EXIT_TIMEOUT_MS = 30_000;

type TraceEvent = { kind: 'ack'; line: number } | { kind: 'sync'; path: string; line: number };

/** A SendMessages reply on a TCP socket: 8 zero bytes in one write, writev or send. */
// A write interrupted by another thread's event is printed "... 8 <unfinished ...>" and resumed later.
const ACK_WRITE = /^(?:write|sendto)\(\d+<TCP:\[[^\]]*\]>, "(?:\\0){8}", 8(?:[,)]| <unfinished)/;
const ACK_WRITEV = /^(?:writev|sendmsg)\(\d+<TCP:\[[^\]]*\]>, .*\[\{iov_base="(?:\\0){8}", iov_len=8\}\]/;
const SYNC_DONE = /^(fdatasync|fsync)\(\d+<([^>]*)>\)\s*= 0$/;
const SYNC_START = /^(fdatasync|fsync)\(\d+<([^>]*)> <unfinished \.\.\.>$/;
const SYNC_RESUMED = /^<\.\.\. (fdatasync|fsync) resumed>\)\s*= 0$/;

/**
 * Events in the order strace saw them. A sync counts where it COMPLETED (its return), an ack
 * where its write STARTED: the reply can reach the client from the write's entry on.
 */
function parseTrace(text: string): TraceEvent[] {
  const events: TraceEvent[] = [];
  const pendingSync = new Map<string, string>();
  text.split('\n').forEach((raw, line) => {
    const match = /^(\d+)\s+(.*)$/.exec(raw);
    if (!match) return;
    const [, pid, call] = match as unknown as [string, string, string];
    if (ACK_WRITE.test(call) || ACK_WRITEV.test(call)) {
      events.push({ kind: 'ack', line });
      return;
    }
    const done = SYNC_DONE.exec(call);
    if (done) {
      events.push({ kind: 'sync', path: done[2]!, line });
      return;
    }
    const started = SYNC_START.exec(call);
    if (started) {
      pendingSync.set(pid, started[2]!);
      return;
    }
    if (SYNC_RESUMED.test(call) && pendingSync.has(pid)) {
      events.push({ kind: 'sync', path: pendingSync.get(pid)!, line });
      pendingSync.delete(pid);
    }
  });
  return events;
}

const isPartitionLog = (path: string): boolean => /\/partitions\/\d+\/\d+\.log$/.test(path);

/** For each acknowledgement: how many .log syncs completed since the previous one. */
function logSyncsBeforeEachAck(events: TraceEvent[]): number[] {
  const counts: number[] = [];
  let syncs = 0;
  for (const event of events) {
    if (event.kind === 'sync') {
      if (isPartitionLog(event.path)) syncs += 1;
    } else {
      counts.push(syncs);
      syncs = 0;
    }
  }
  return counts;
}

/** Starts a server, attaches strace, sends SENDS_COUNT batches one after another, returns the trace. */
async function traceSends(enforceFsync: boolean): Promise<TraceEvent[]> {
  const which = spawnSync('strace', ['-V'], { encoding: 'utf8' });
  assert.equal(which.status, 0, `strace is needed (apt-get install strace; .ci/run installs it): ${which.error?.message ?? which.stderr}`);
  const traceDir = mkdtempSync(join(tmpdir(), 'iggy-fsync-trace-'));
  const tracePath = join(traceDir, 'trace.txt');
  // Plain TCP whatever the transport matrix says: the reply bytes are matched on TCP sockets.
  const server = await startTestServer({ transport: 'tcp', env: { IGGY_SYSTEM_PARTITION_ENFORCE_FSYNC: String(enforceFsync), UV_USE_IO_URING: '0' } });
  let strace: ReturnType<typeof spawn> | null = null;
  try {
    const client = await server.client({ heartbeatIntervalMs: 0 });
    await client.createStream('fsync');
    await client.createTopic({ streamId: 'fsync', name: 'events', partitionsCount: 1 });

    strace = spawn('strace', ['-f', '-yy', '-s', '16', '-e', 'trace=fdatasync,fsync,write,writev,sendmsg,sendto', '-o', tracePath, '-p', String(server.pid)], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let straceErr = '';
    const exited = new Promise<number | null>((resolve) => strace!.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`strace did not attach in time: ${straceErr}`)), ATTACH_TIMEOUT_MS);
      strace!.stderr!.setEncoding('utf8').on('data', (text: string) => {
        straceErr += text;
        // Printed once every thread of the process is attached.
        if (/Process \d+ attached with \d+ threads/.test(straceErr)) {
          clearTimeout(timer);
          resolve();
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`strace exited with ${code} before attaching: ${straceErr}`));
      });
    });

    for (let send = 0; send < SENDS_COUNT; send++) {
      await client.sendMessages({
        streamId: 'fsync',
        topicId: 'events',
        partitioning: Partitioning.partitionId(0),
        messages: buildMessages(MESSAGES_PER_SEND, 128, { firstIndex: send * MESSAGES_PER_SEND }),
      });
    }
    // strace ends when the server does, with its whole trace written.
    await server.stop();
    const timer = setTimeout(() => strace?.kill('SIGKILL'), STRACE_EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
    return parseTrace(readFileSync(tracePath, 'utf8'));
  } finally {
    await server.stop();
    if (strace && strace.exitCode === null && strace.signalCode === null) strace.kill('SIGKILL');
    rmSync(traceDir, { recursive: true, force: true });
  }
}

test('parseTrace: syncs count where they complete, acks where their write starts', () => {
  const trace = [
    '101   fdatasync(23</d/partitions/0/00000000000000000000.log> <unfinished ...>',
    '100   writev(30<TCP:[127.0.0.1:1->127.0.0.1:2]>, [{iov_base="\\0\\0\\0\\0\\0\\0\\0\\0", iov_len=8}], 1) = 8',
    '101   <... fdatasync resumed>)       = 0',
    '100   write(30<TCP:[127.0.0.1:1->127.0.0.1:2]>, "\\0\\0\\0\\0\\0\\0\\0\\0", 8) = 8',
    '103   fdatasync(23</d/partitions/0/00000000000000000000.log>) = 0',
    '100   write(30<TCP:[127.0.0.1:1->127.0.0.1:2]>, "\\0\\0\\0\\0\\0\\0\\0\\0", 8 <unfinished ...>',
    '100   <... write resumed>)              = 8',
    '102   fdatasync(24</d/partitions/0/00000000000000000000.index>) = 0',
    '100   write(17<anon_inode:[eventfd]>, "\\1\\0\\0\\0\\0\\0\\0\\0", 8) = 8',
    '100   write(30<TCP:[127.0.0.1:1->127.0.0.1:2]>, "\\0\\0\\0\\0\\10\\0\\0\\0", 8) = 8',
  ].join('\n');
  const events = parseTrace(trace);
  assert.deepEqual(
    events.map((e) => (e.kind === 'ack' ? 'ack' : `sync ${e.path.slice(-5)}`)),
    ['ack', 'sync 0.log', 'ack', 'sync 0.log', 'ack', 'sync index'],
  );
  assert.deepEqual(logSyncsBeforeEachAck(events), [0, 1, 1]);
});

test('enforce_fsync = true: every acknowledged send was preceded by an fdatasync of the partition log', { timeout: 180_000 }, async () => {
  const events = await traceSends(true);
  const counts = logSyncsBeforeEachAck(events);
  // Exactly the sends were acknowledged with an empty reply (nothing else sends one here), so
  // the trace really covers every acknowledgement.
  assert.equal(counts.length, SENDS_COUNT, `acknowledgements seen in the trace: ${counts.length}`);
  counts.forEach((syncs, send) => assert.ok(syncs >= 1, `send ${send} was acknowledged without an fdatasync of the log since the previous one (${JSON.stringify(counts)})`));
});

test('enforce_fsync = false: sends are acknowledged without syncing the partition log', { timeout: 180_000 }, async () => {
  // The control: the trace tells the two settings apart, so the test above can fail.
  const events = await traceSends(false);
  const counts = logSyncsBeforeEachAck(events);
  assert.equal(counts.length, SENDS_COUNT, `acknowledgements seen in the trace: ${counts.length}`);
  assert.deepEqual(counts, new Array(SENDS_COUNT).fill(0));
});
