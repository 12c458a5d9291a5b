// The binary connection core without any socket: a fake ByteSink records what the core writes,
// a tiny command table stands in for the operations. Shows the core is transport-independent and
// pins its rules: reframing, order, one write per response, unknown code closes, pre-login frame
// bound, pool-slot leases returned exactly once, close-after-response.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pino from 'pino';
import { encodeRequestFrame, ResponseFrameReader, type ResponseFrame } from '@iggy-node/protocol';
import { POOLED_PAYLOAD_BYTES_MIN, UNAUTHENTICATED_FRAME_SIZE_MAX } from '../../../src/limits.js';
import { MemoryPool } from '../../../src/memory/memory-pool.js';
import { Session, TRANSPORT_TCP } from '../../../src/session/session.js';
import type { ShardServices } from '../../../src/shard/operations/context.js';
import { command, type BinaryCommand } from '../../../src/transports/binary/binary-command.js';
import { BinaryConnection, type ByteSink } from '../../../src/transports/binary/binary-connection.js';
import { BinaryDispatcher } from '../../../src/transports/binary/binary-dispatcher.js';

const ECHO = 1;
const LOGIN = 38;
const TAKE_SLOT = 101;
const CLOSE_AFTER = 39;

class FakeSink implements ByteSink {
  readonly writes: Buffer[][] = [];
  readonly frames: ResponseFrame[] = [];
  readonly #reader = new ResponseFrameReader(1 << 30);
  destroyed = false;
  ended = false;
  paused = false;
  outboundBytes = 0;
  write(parts: Buffer[]): void {
    this.writes.push(parts);
    this.frames.push(...this.#reader.push(Buffer.concat(parts)));
  }
  whenDrained(): Promise<void> {
    return Promise.resolve();
  }
  pauseInput(): void {
    this.paused = true;
  }
  resumeInput(): void {
    this.paused = false;
  }
  end(last?: Buffer): void {
    this.ended = true;
    if (last) this.write([last]);
  }
  destroy(): void {
    this.destroyed = true;
  }
}

function setUp(taken: { slots: unknown[] }) {
  const pool = MemoryPool.create({ enabled: true, size: 8 * 1024 * 1024, bucket_capacity: 4 });
  const commands: BinaryCommand[] = [
    command({ code: ECHO, name: 'Ping', requiresAuthentication: false, decode: (p) => Buffer.from(p), run: (_c, p: Buffer) => p, encode: (p) => p }),
    command({
      code: LOGIN,
      name: 'LoginUser',
      requiresAuthentication: false,
      decode: () => null,
      run: (ctx) => {
        ctx.session.userId = 1;
      },
      encode: () => null,
    }),
    command({
      code: TAKE_SLOT,
      name: 'SendMessages',
      requiresAuthentication: true,
      decode: (p) => p.length,
      run: (ctx) => {
        // As sendMessages does for a remote owner: the slot now travels on; the owner releases it.
        if (ctx.lease) taken.slots.push(ctx.lease.take());
      },
      encode: () => null,
    }),
    command({
      code: CLOSE_AFTER,
      name: 'LogoutUser',
      requiresAuthentication: false,
      decode: () => null,
      run: (ctx) => {
        ctx.session.closeAfterResponse = true;
      },
      encode: () => null,
    }),
  ];
  const logger = pino({ level: 'silent' });
  const dispatcher = new BinaryDispatcher({ id: 0 } as ShardServices, commands, logger);
  const sink = new FakeSink();
  const session = new Session(7, TRANSPORT_TCP, '127.0.0.1:1');
  const connection = new BinaryConnection({ session, sink, dispatcher, pool, logger });
  return { pool, sink, session, connection };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}

test('frames split anywhere are answered in order, one write per response', async () => {
  const { sink, connection } = setUp({ slots: [] });
  const bytes = Buffer.concat([encodeRequestFrame(ECHO, Buffer.from('one')), encodeRequestFrame(ECHO, Buffer.from('two')), encodeRequestFrame(ECHO, Buffer.from('three'))]);
  for (const at of [0, 3, 9, 10, 17, 30]) {
    if (at >= bytes.length) break;
    connection.push(bytes.subarray(at, Math.min(bytes.length, [3, 9, 10, 17, 30, bytes.length].find((n) => n > at)!)));
  }
  await settle();
  assert.deepEqual(sink.frames.map((f) => f.payload.toString()), ['one', 'two', 'three']);
  assert.equal(sink.writes.length, 3);
});

test('an unknown command code closes the connection without an answer', async () => {
  const { sink, connection } = setUp({ slots: [] });
  connection.push(encodeRequestFrame(9999));
  await settle();
  assert.equal(sink.destroyed, true);
  assert.equal(sink.frames.length, 0);
});

test('before login a frame larger than the pre-login bound closes the connection', async () => {
  const { sink, connection } = setUp({ slots: [] });
  const header = Buffer.alloc(8);
  header.writeUInt32LE(UNAUTHENTICATED_FRAME_SIZE_MAX + 8, 0);
  header.writeUInt32LE(ECHO, 4);
  connection.push(header);
  await settle();
  assert.equal(sink.destroyed, true);
});

test('a pooled payload goes back to the pool exactly once: by the core, or by whoever took the lease', async () => {
  const taken = { slots: [] as unknown[] };
  const { pool, sink, connection } = setUp(taken);
  connection.push(encodeRequestFrame(LOGIN));
  // A large payload arriving in pieces is assembled in a pool slot (a whole one is used in place).
  const inPieces = (frame: Buffer): void => {
    connection.push(frame.subarray(0, 100));
    connection.push(frame.subarray(100));
  };
  // Not taken by the command (ECHO): the core releases it.
  inPieces(encodeRequestFrame(ECHO, Buffer.alloc(POOLED_PAYLOAD_BYTES_MIN, 1)));
  // Taken by the command: the core must not release it.
  inPieces(encodeRequestFrame(TAKE_SLOT, Buffer.alloc(POOLED_PAYLOAD_BYTES_MIN, 2)));
  await settle();
  assert.deepEqual(sink.frames.map((f) => f.status), [0, 0, 0]);
  assert.equal(taken.slots.length, 1);
  assert.equal(pool.counters().inUseSlots, 1, 'only the taken slot is still lent');
  pool.release(taken.slots[0] as Parameters<MemoryPool['release']>[0]);
  assert.equal(pool.counters().inUseSlots, 0);
  assert.equal(pool.counters().returnsDropped, 0, 'no slot released twice');
});

test('queued pooled frames are returned when the connection closes', async () => {
  const { pool, connection } = setUp({ slots: [] });
  // Three pooled frames in one chunk, then the transport reports the close before they run.
  const big = encodeRequestFrame(ECHO, Buffer.alloc(POOLED_PAYLOAD_BYTES_MIN, 3));
  for (let i = 0; i < 3; i++) {
    connection.push(big.subarray(0, 100));
    connection.push(big.subarray(100));
  }
  assert.ok(pool.counters().inUseSlots > 0, 'the frames were assembled in pool slots');
  connection.closed();
  await settle();
  assert.equal(pool.counters().inUseSlots, 0);
  assert.equal(pool.counters().returnsDropped, 0);
});

test('close-after-response answers, then ends the connection and runs nothing more', async () => {
  const { sink, connection } = setUp({ slots: [] });
  connection.push(Buffer.concat([encodeRequestFrame(CLOSE_AFTER), encodeRequestFrame(ECHO, Buffer.from('late'))]));
  await settle();
  assert.equal(sink.ended, true);
  assert.deepEqual(sink.frames.map((f) => f.payload.toString()), ['']);
});
