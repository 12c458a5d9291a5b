import { ErrorCode } from './errors/error-codes.js';
import { IggyError } from './errors/iggy-error.js';
import { REQUEST_HEADER_SIZE, RESPONSE_HEADER_SIZE } from './limits.js';

/**
 * Request frame: u32 length (= 4 + payload length; counts the code, not itself), u32 code,
 * payload. Response frame: u32 status, u32 payload length, payload (only on success).
 */

export function encodeRequestFrame(code: number, payload: Uint8Array = EMPTY): Buffer {
  const frame = Buffer.allocUnsafe(REQUEST_HEADER_SIZE + payload.length);
  frame.writeUInt32LE(4 + payload.length, 0);
  frame.writeUInt32LE(code, 4);
  frame.set(payload, REQUEST_HEADER_SIZE);
  return frame;
}

/** Header only, for writev-style sends where the payload is written separately. */
export function encodeRequestHeader(code: number, payloadLength: number): Buffer {
  const header = Buffer.allocUnsafe(REQUEST_HEADER_SIZE);
  header.writeUInt32LE(4 + payloadLength, 0);
  header.writeUInt32LE(code, 4);
  return header;
}

export function encodeResponseHeader(status: number, payloadLength: number): Buffer {
  const header = Buffer.allocUnsafe(RESPONSE_HEADER_SIZE);
  header.writeUInt32LE(status, 0);
  header.writeUInt32LE(payloadLength, 4);
  return header;
}

export function encodeOkResponse(payload: Uint8Array = EMPTY): Buffer {
  const frame = Buffer.allocUnsafe(RESPONSE_HEADER_SIZE + payload.length);
  frame.writeUInt32LE(0, 0);
  frame.writeUInt32LE(payload.length, 4);
  frame.set(payload, RESPONSE_HEADER_SIZE);
  return frame;
}

/** Errors carry no payload: the Rust client reads exactly 8 bytes on a non-zero status. */
export function encodeErrorResponse(code: number): Buffer {
  return encodeResponseHeader(code, 0);
}

const EMPTY = Buffer.alloc(0);

export interface RequestFrame {
  code: number;
  /** Exactly the payload bytes (length − 4). Owned by the frame; safe to keep. */
  payload: Buffer;
}

export interface ResponseFrame {
  status: number;
  payload: Buffer;
}

/**
 * Reassembles frames from a byte stream fed in arbitrary chunks. It never reads past a frame
 * and never buffers more than one frame plus one header: a length past `frameSizeMax` (or below
 * 4) throws IggyError(InvalidCommand) before anything is allocated, and the caller closes the
 * connection.
 */
export class FrameReader<T> {
  #chunks: Buffer[] = [];
  #buffered = 0;
  #need = 0; // payload bytes needed for the frame whose header was read; 0 = reading a header
  #header: Buffer | null = null;

  /**
   * @param allocatePayload where a payload that spans several chunks is assembled (e.g. a shared
   * memory pool slot); null or absent → an ordinary Buffer. A payload inside one chunk is a view.
   */
  constructor(
    private readonly kind: 'request' | 'response',
    private frameSizeMax: number,
    private readonly allocatePayload: ((byteCount: number) => Buffer | null) | null = null,
  ) {}

  /** Changes the bound for frames whose header has not been read yet. */
  setFrameSizeMax(frameSizeMax: number): void {
    this.frameSizeMax = frameSizeMax;
  }

  get bufferedBytes(): number {
    return this.#buffered;
  }

  /**
   * Hands back every byte fed but not yet returned as a frame (a consumed header included),
   * exactly as received, and resets the reader. Used to move a connection to another thread.
   */
  takeUnconsumed(): Buffer[] {
    const out = this.#header ? [this.#header, ...this.#chunks] : [...this.#chunks];
    this.#chunks = [];
    this.#buffered = 0;
    this.#need = 0;
    this.#header = null;
    return out;
  }

  /** Feed bytes; returns every frame completed by them, in order. */
  push(chunk: Buffer): T[] {
    const frames: T[] = [];
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    for (;;) {
      if (this.#header === null) {
        if (this.#buffered < 8) break;
        const header = this.#take(8, false);
        const second = header.readUInt32LE(4);
        const first = header.readUInt32LE(0);
        if (this.kind === 'request') {
          if (first < 4) throw new IggyError(ErrorCode.InvalidCommand, `request length ${first} < 4`);
          if (first - 4 > this.frameSizeMax) {
            throw new IggyError(ErrorCode.InvalidCommand, `request length ${first} exceeds ${this.frameSizeMax}`);
          }
          this.#need = first - 4;
        } else {
          if (second > this.frameSizeMax) {
            throw new IggyError(ErrorCode.InvalidCommand, `response length ${second} exceeds ${this.frameSizeMax}`);
          }
          // Error responses never carry a payload, whatever the length field says.
          this.#need = first === 0 ? second : 0;
        }
        this.#header = header;
      }
      if (this.#buffered < this.#need) break;
      const payload = this.#need === 0 ? EMPTY : this.#take(this.#need, true);
      const header = this.#header;
      this.#header = null;
      this.#need = 0;
      frames.push(
        (this.kind === 'request'
          ? { code: header.readUInt32LE(4), payload }
          : { status: header.readUInt32LE(0), payload }) as T,
      );
    }
    return frames;
  }

  /** Takes exactly `byteCount` bytes off the front; copies only when the bytes span chunks. */
  #take(byteCount: number, isPayload: boolean): Buffer {
    const first = this.#chunks[0]!;
    if (first.length >= byteCount) {
      const out = first.subarray(0, byteCount);
      if (first.length === byteCount) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(byteCount);
      this.#buffered -= byteCount;
      return out;
    }
    const out = (isPayload ? this.allocatePayload?.(byteCount) : null) ?? Buffer.allocUnsafe(byteCount);
    let written = 0;
    while (written < byteCount) {
      const chunk = this.#chunks[0]!;
      const part = Math.min(chunk.length, byteCount - written);
      chunk.copy(out, written, 0, part);
      written += part;
      if (part === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(part);
    }
    this.#buffered -= byteCount;
    return out;
  }
}

export class RequestFrameReader extends FrameReader<RequestFrame> {
  constructor(frameSizeMax: number, allocatePayload: ((byteCount: number) => Buffer | null) | null = null) {
    super('request', frameSizeMax, allocatePayload);
  }
}

export class ResponseFrameReader extends FrameReader<ResponseFrame> {
  constructor(frameSizeMax: number) {
    super('response', frameSizeMax);
  }
}
