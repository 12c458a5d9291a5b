/**
 * Reads a plain TCP socket with net's `onread` so that request bytes land once: while a large
 * payload is being received, the kernel copies the socket data straight into the payload's
 * memory-pool slot (BinaryConnection.inPlaceTarget), never past the end of the frame; all other
 * reads go into a fresh buffer that BinaryConnection.push() frames as before. After a frame read
 * in place, the next read takes only a frame header, so a producer's next batch also starts in
 * its slot instead of being split across a read buffer (one small read instead of a 64 KiB copy).
 *
 * Fairness: once a frame completes after the connection read SOCKET_READ_TURN_BYTES_MAX bytes or
 * SOCKET_READ_TURN_FRAMES_MAX frames in this event-loop turn, the callback returns false (libuv
 * stops reading this socket) and reading resumes in the check phase, after the other sockets of
 * this wake-up. Without it one producer's batches could run back to back for 16 sends while a
 * consumer's poll and every timer waited (limits.ts).
 *
 * Bounds, pauses (socket.pause() stops reading with onread too), the frame-read deadline and
 * migration stay BinaryConnection's and TcpConnection's: this only chooses where bytes go, and
 * when a read turn ends.
 *
 * Runs on: the shard that holds the connection.
 */
import { Socket, type OnReadOpts } from 'node:net';
import { REQUEST_HEADER_SIZE } from '@iggy-node/protocol';
import { SOCKET_READ_CHUNK_BYTES, SOCKET_READ_COPY_BYTES_MAX, SOCKET_READ_TURN_BYTES_MAX, SOCKET_READ_TURN_FRAMES_MAX } from '../../limits.js';
import { duplicateFd } from '../../platform/file-descriptor.js';
import type { BinaryConnection } from '../binary/binary-connection.js';

export class InPlaceSocketReader {
  #core: BinaryConnection | null = null;
  /** Bytes read before attach() (none expected: reads complete on a later tick). */
  #early: Buffer[] = [];
  /** The slot range handed out for the next read, to recognise it in the callback. */
  #inPlace: Uint8Array | null = null;
  #headerNext = false;
  /** The read buffer for bytes not read in place; reused while nothing keeps a view of it. */
  #staging: Buffer | null = null;
  /** The socket this reader feeds (set by openInPlaceSocket): resumed after a yield. */
  #socket: Socket | null = null;
  /** Bytes and frames read in the current event-loop turn; reset in the check phase. */
  #turnBytes = 0;
  #turnFrames = 0;
  #turnEndScheduled = false;
  /** The callback returned false: libuv stopped reading until the turn ends. */
  #yielded = false;

  readonly onread: OnReadOpts = {
    buffer: () => this.#nextBuffer(),
    // False ends this read turn (fairness, above); pausing for backpressure stays
    // BinaryConnection's (socket.pause() stops onread reads too).
    callback: (byteCount: number, buffer: Uint8Array) => this.#onRead(byteCount, buffer),
  };

  /** Ends a read turn: counters reset, and a yielded socket reads again unless it was paused. */
  readonly #endTurn = (): void => {
    this.#turnEndScheduled = false;
    this.#turnBytes = 0;
    this.#turnFrames = 0;
    if (!this.#yielded) return;
    this.#yielded = false;
    const socket = this.#socket;
    // A socket paused meanwhile (BinaryConnection's backpressure) resumes through resumeInput().
    if (socket !== null && !socket.destroyed && !socket.isPaused()) socket.resume();
  };

  /** Connects the reader to its connection; `leftover` (a migrated socket's unread bytes) goes first. */
  attach(core: BinaryConnection, leftover: readonly Uint8Array[] = []): void {
    for (const chunk of leftover) if (chunk.byteLength > 0) core.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    for (const chunk of this.#early) core.push(chunk);
    this.#early = [];
    this.#core = core;
  }

  #nextBuffer(): Uint8Array {
    const target = this.#core?.inPlaceTarget() ?? null;
    if (target !== null && target.length > 0) {
      this.#inPlace = target;
      return target;
    }
    this.#inPlace = null;
    if (this.#headerNext) {
      this.#headerNext = false;
      return Buffer.allocUnsafe(REQUEST_HEADER_SIZE);
    }
    this.#staging ??= Buffer.allocUnsafe(SOCKET_READ_CHUNK_BYTES);
    return this.#staging;
  }

  /** Returns false to end this read turn (see the class comment). */
  #onRead(byteCount: number, buffer: Uint8Array): boolean {
    const core = this.#core;
    if (core === null) {
      this.#early.push(Buffer.from(buffer.subarray(0, byteCount)));
      return true;
    }
    return this.#countTurn(byteCount, this.#deliver(core, byteCount, buffer));
  }

  /** Hands the bytes to the connection; returns the frames they completed. */
  #deliver(core: BinaryConnection, byteCount: number, buffer: Uint8Array): number {
    if (buffer === this.#inPlace) {
      this.#inPlace = null;
      const frames = core.pushInPlace(byteCount);
      // The payload is complete: its successor (likely another batch) starts with a header read.
      if (core.inPlaceTarget() === null) this.#headerNext = true;
      return frames;
    }
    if (buffer === this.#staging && byteCount <= SOCKET_READ_COPY_BYTES_MAX) {
      // Small requests (polls, logins) are copied out, so the 64 KiB buffer is read into again
      // instead of being kept alive by a 40-byte frame: one allocation per read was GC churn.
      return core.push(Buffer.from(buffer.subarray(0, byteCount)));
    }
    // Frames keep views of these bytes: the next read gets a fresh buffer.
    if (buffer === this.#staging) this.#staging = null;
    return core.push(Buffer.from(buffer.buffer, buffer.byteOffset, byteCount));
  }

  #countTurn(byteCount: number, frames: number): boolean {
    this.#turnBytes += byteCount;
    this.#turnFrames += frames;
    if (!this.#turnEndScheduled) {
      this.#turnEndScheduled = true;
      setImmediate(this.#endTurn);
    }
    if (frames === 0 || this.#socket === null) return true;
    if (this.#turnBytes < SOCKET_READ_TURN_BYTES_MAX && this.#turnFrames < SOCKET_READ_TURN_FRAMES_MAX) return true;
    this.#yielded = true;
    return false;
  }

  /** The socket reading through this reader (openInPlaceSocket sets it). */
  bind(socket: Socket): void {
    this.#socket = socket;
  }
}

/** Opens a socket on `fd` (a connected TCP socket this thread now owns) that reads with `reader`. */
export function openInPlaceSocket(fd: number, reader: InPlaceSocketReader): Socket {
  // @types/node 20 lacks onread on the constructor; Node 20 takes it (net.Socket docs, v15.8+).
  const socket = new Socket({ fd, readable: true, writable: true, onread: reader.onread } as ConstructorParameters<typeof Socket>[0]);
  reader.bind(socket);
  return socket;
}

/**
 * Re-opens a socket accepted by net.Server (created paused, nothing read yet) on a dup of its fd
 * with `reader`: net.Server cannot give accepted sockets an onread. Returns null when the socket
 * has no fd (then the caller keeps the original socket and its 'data' events).
 */
export function reopenInPlace(accepted: Socket, reader: InPlaceSocketReader): Socket | null {
  const handle = (accepted as unknown as { _handle?: { fd?: number } | null })._handle;
  if (typeof handle?.fd !== 'number' || handle.fd < 0) return null;
  const fd = duplicateFd(handle.fd);
  accepted.removeAllListeners();
  accepted.on('error', () => {});
  // Closes only the original fd number: the connection lives on under the dup.
  accepted.destroy();
  return openInPlaceSocket(fd, reader);
}
