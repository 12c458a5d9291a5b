// The plain-TCP reader's read turns, over a real loopback connection: a client that pipelines
// large frames cannot have them all read and run in one event-loop turn (libuv reads a readable
// socket up to 32 times per wake-up), so other sockets and timers get the loop between its
// frames; reading resumes by itself after a yield, but not on a socket paused for backpressure.
// The connection core is a stand-in that frames the bytes and notes the loop turn of each frame.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { createServer, type Server, type Socket } from 'node:net';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { REQUEST_HEADER_SIZE } from '@iggy-node/protocol';
import { SOCKET_READ_TURN_BYTES_MAX } from '../../../src/limits.js';
import type { BinaryConnection } from '../../../src/transports/binary/binary-connection.js';
import { InPlaceSocketReader, reopenInPlace } from '../../../src/transports/tcp/in-place-socket-reader.js';

const FRAME_PAYLOAD_BYTES = 300 * 1024;
const FRAME_COUNT = 24;
const FRAME_WORK_MS = 5;
const PAUSE_AT_FRAME = 4;

/** Loop turns, counted in the check phase (where the reader ends its turns too). */
class TurnCounter {
  turn = 0;
  #stopped = false;
  constructor() {
    const tick = (): void => {
      if (this.#stopped) return;
      this.turn++;
      setImmediate(tick);
    };
    setImmediate(tick);
  }
  stop(): void {
    this.#stopped = true;
  }
}

/**
 * Frames the byte stream (8-byte header: length incl. code, code) and notes each frame's turn.
 * Each frame costs FRAME_WORK_MS of this thread, as a send does (stamping, the log write): time
 * in which the client's thread refills the socket, so libuv's next read finds data.
 */
class FramingCore {
  readonly turnsOfFrames: number[] = [];
  readonly payloads: Buffer[] = [];
  #pending = Buffer.alloc(0);
  onFrame: (() => void) | null = null;
  constructor(private readonly turns: TurnCounter) {}

  inPlaceTarget(): Buffer | null {
    return null;
  }
  pushInPlace(): number {
    throw new Error('no in-place target was offered');
  }
  push(chunk: Buffer): number {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    let frames = 0;
    while (this.#pending.length >= REQUEST_HEADER_SIZE) {
      const length = this.#pending.readUInt32LE(0) - 4;
      if (this.#pending.length < REQUEST_HEADER_SIZE + length) break;
      this.payloads.push(this.#pending.subarray(REQUEST_HEADER_SIZE, REQUEST_HEADER_SIZE + length));
      this.#pending = this.#pending.subarray(REQUEST_HEADER_SIZE + length);
      this.turnsOfFrames.push(this.turns.turn);
      const until = performance.now() + FRAME_WORK_MS;
      while (performance.now() < until) {
        // the frame's synchronous work
      }
      frames++;
      this.onFrame?.();
    }
    return frames;
  }
}

function frame(index: number): Buffer {
  const bytes = Buffer.alloc(REQUEST_HEADER_SIZE + FRAME_PAYLOAD_BYTES, index);
  bytes.writeUInt32LE(FRAME_PAYLOAD_BYTES + 4, 0);
  bytes.writeUInt32LE(101, 4);
  return bytes;
}

/**
 * The client runs on its own thread, as a producer on another core does: it refills the socket
 * while the reading thread is busy, instead of waiting for this thread's loop to write more.
 */
const CLIENT_SOURCE = `
const { workerData } = require('node:worker_threads');
const socket = require('node:net').createConnection(workerData.port, '127.0.0.1');
socket.on('error', () => {});
socket.write(Buffer.from(workerData.bytes), () => socket.end());
`;

/** A loopback pair: the accepted side reads through an InPlaceSocketReader into `core`. */
async function connectedPair(core: FramingCore, bytes: Buffer): Promise<{ client: Worker; reading: Socket; server: Server }> {
  const reader = new InPlaceSocketReader();
  const server = createServer({ pauseOnConnect: true });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const client = new Worker(CLIENT_SOURCE, { eval: true, workerData: { port, bytes } });
  const [accepted] = (await once(server, 'connection')) as [Socket];
  const reading = reopenInPlace(accepted, reader);
  assert.ok(reading, 'the accepted socket has an fd to read in place');
  reading.on('error', () => {});
  reader.attach(core as unknown as BinaryConnection);
  return { client, reading, server };
}

const pipelinedFrames = (): Buffer => Buffer.concat(Array.from({ length: FRAME_COUNT }, (_, i) => frame(i)));

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}

test('a pipelined run of large frames is read over several loop turns, every byte intact', async () => {
  const turns = new TurnCounter();
  const core = new FramingCore(turns);
  const { client, reading, server } = await connectedPair(core, pipelinedFrames());
  try {
    await until(() => core.payloads.length === FRAME_COUNT);
    core.payloads.forEach((payload, i) => assert.ok(payload.equals(Buffer.alloc(FRAME_PAYLOAD_BYTES, i)), `frame ${i} intact`));
    const framesPerTurn = new Map<number, number>();
    for (const turn of core.turnsOfFrames) framesPerTurn.set(turn, (framesPerTurn.get(turn) ?? 0) + 1);
    // A turn ends at the first frame completed past the byte bound; a turn that starts inside a
    // frame may finish it under the bound and then complete one more. Without the yield, libuv's
    // 32 reads of 64 KiB per wake-up complete up to 6 of these frames in one turn.
    const framesPerTurnMax = Math.ceil(SOCKET_READ_TURN_BYTES_MAX / (FRAME_PAYLOAD_BYTES + REQUEST_HEADER_SIZE)) + 1;
    assert.ok(
      Math.max(...framesPerTurn.values()) <= framesPerTurnMax,
      `at most ${framesPerTurnMax} frames per turn; turns of the frames: ${core.turnsOfFrames.join(',')}`,
    );
  } finally {
    turns.stop();
    await client.terminate();
    reading.destroy();
    server.close();
  }
});

test('a socket paused for backpressure during a yield stays paused until resumed', async () => {
  const turns = new TurnCounter();
  const core = new FramingCore(turns);
  const { client, reading, server } = await connectedPair(core, pipelinedFrames());
  try {
    // Pause as BinaryConnection does when its queue is full, at a frame that also ends the read
    // turn: by the fourth frame the client keeps the socket full, so each frame completes in a
    // turn that read past the byte bound, and the turn's end must not undo the pause.
    core.onFrame = () => {
      if (core.payloads.length === PAUSE_AT_FRAME) reading.pause();
    };
    await until(() => core.payloads.length >= PAUSE_AT_FRAME);
    const seenWhenPaused = core.payloads.length;
    const turnAtPause = turns.turn;
    await until(() => turns.turn >= turnAtPause + 20);
    assert.equal(core.payloads.length, seenWhenPaused, 'nothing is read while the socket is paused');
    reading.resume();
    await until(() => core.payloads.length === FRAME_COUNT);
  } finally {
    turns.stop();
    await client.terminate();
    reading.destroy();
    server.close();
  }
});
