// A bare TCP connection for bad-input tests: write any bytes, read framed responses, and see
// whether (and when) the server closed the connection.
import { connect, type Socket } from 'node:net';
import { encodeRequestFrame, RESPONSE_HEADER_SIZE } from '@iggy-node/protocol';

/** How long a test waits for something the server must do at once (close, answer) before failing. */
export const SERVER_REACTION_TIMEOUT_MS = 10_000;

export interface RawResponse {
  status: number;
  payload: Buffer;
}

export class RawConnection {
  #received = Buffer.alloc(0);
  #closed = false;
  #waiters: Array<() => void> = [];
  readonly closed: Promise<void>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.#received = Buffer.concat([this.#received, chunk]);
      this.#wake();
    });
    // A reset after the server closed on us is expected; the 'close' event still follows.
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => {
      socket.once('close', () => {
        this.#closed = true;
        this.#wake();
        resolve();
      });
    });
  }

  static open(host: string, port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
    });
  }

  get isClosed(): boolean {
    return this.#closed;
  }

  /** Every byte the server sent so far (responses not taken by request()). */
  get received(): Buffer {
    return this.#received;
  }

  /** Writes bytes; a write after the server closed is ignored (the test looks at `closed`). */
  write(bytes: Buffer): Promise<void> {
    if (this.#closed || this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => this.socket.write(bytes, () => resolve()));
  }

  /** Sends one request frame and reads its response. */
  async request(code: number, payload: Buffer = Buffer.alloc(0)): Promise<RawResponse> {
    await this.write(encodeRequestFrame(code, payload));
    await this.#until(() => {
      if (this.#received.length < RESPONSE_HEADER_SIZE) return false;
      const status = this.#received.readUInt32LE(0);
      return status !== 0 || this.#received.length >= RESPONSE_HEADER_SIZE + this.#received.readUInt32LE(4);
    }, `a response to command ${code}`);
    const status = this.#received.readUInt32LE(0);
    const length = status === 0 ? this.#received.readUInt32LE(4) : 0;
    const payloadOut = Buffer.from(this.#received.subarray(RESPONSE_HEADER_SIZE, RESPONSE_HEADER_SIZE + length));
    this.#received = this.#received.subarray(RESPONSE_HEADER_SIZE + length);
    return { status, payload: payloadOut };
  }

  /**
   * Writes one request frame given as raw bytes (length, code, payload, built by the caller) and
   * returns the whole response as received: the 8-byte header and its payload.
   */
  async exchange(frame: Buffer, what = 'a response'): Promise<Buffer> {
    await this.write(frame);
    await this.#until(() => {
      if (this.#received.length < RESPONSE_HEADER_SIZE) return false;
      const status = this.#received.readUInt32LE(0);
      return status !== 0 || this.#received.length >= RESPONSE_HEADER_SIZE + this.#received.readUInt32LE(4);
    }, what);
    const status = this.#received.readUInt32LE(0);
    const size = RESPONSE_HEADER_SIZE + (status === 0 ? this.#received.readUInt32LE(4) : 0);
    const response = Buffer.from(this.#received.subarray(0, size));
    this.#received = this.#received.subarray(size);
    return response;
  }

  /** Resolves once the server has closed the connection; fails if it does not in time. */
  waitClosed(what = 'the server to close the connection'): Promise<void> {
    return this.#until(() => this.#closed, what, true);
  }

  destroy(): void {
    this.socket.destroy();
  }

  #until(done: () => boolean, what: string, closeIsFine = false): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (done()) {
          clearTimeout(timer);
          resolve();
          return true;
        }
        if (this.#closed && !closeIsFine) {
          clearTimeout(timer);
          reject(new Error(`connection closed while waiting for ${what}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter !== onWake);
        reject(new Error(`timed out after ${SERVER_REACTION_TIMEOUT_MS} ms waiting for ${what}`));
      }, SERVER_REACTION_TIMEOUT_MS);
      const onWake = () => {
        if (check()) this.#waiters = this.#waiters.filter((waiter) => waiter !== onWake);
      };
      if (!check()) this.#waiters.push(onWake);
    });
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

/** Deterministic pseudo-random bytes (mulberry32), so a failing garbage case can be replayed. */
export function seededBytes(seed: number, length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  let state = seed >>> 0;
  for (let at = 0; at < length; at++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[at] = ((t ^ (t >>> 14)) >>> 0) & 0xff;
  }
  return bytes;
}
