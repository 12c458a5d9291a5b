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

/** Writes a response header in place at target[at...] (a response built with room in front). */
export function writeResponseHeader(target: Buffer, at: number, status: number, payloadLength: number): void {
  target.writeUInt32LE(status, at);
  target.writeUInt32LE(payloadLength, at + 4);
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
 *
 * A payload that does not arrive inside one chunk goes to `allocatePayload`'s buffer (a memory
 * pool slot) as soon as its header is read; from then on a transport that reads the socket
 * itself (`net` onread) can read the rest straight into it: `inPlaceTarget()` names the bytes
 * still missing and `pushInPlace(n)` says n of them arrived there, with no copy at all.
 */
export class FrameReader<T> {
  #chunks: Buffer[] = [];
  #buffered = 0;
  #need = 0; // payload bytes needed for the frame whose header was read; 0 = reading a header
  #header: Buffer | null = null;
  /** The payload being assembled in a buffer from allocatePayload, and how much of it is filled. */
  #target: Buffer | null = null;
  #filled = 0;

  /**
   * @param allocatePayload where a payload that spans several chunks is assembled (e.g. a shared
   * memory pool slot); null or absent → an ordinary Buffer. A payload inside one chunk is a view.
   * @param onCopy told of every payload byte copied out of a fed chunk (the copy counters).
   */
  constructor(
    private readonly kind: 'request' | 'response',
    private frameSizeMax: number,
    private readonly allocatePayload: ((byteCount: number) => Buffer | null) | null = null,
    private readonly onCopy: ((byteCount: number, intoAllocated: boolean) => void) | null = null,
  ) {}

  /** Changes the bound for frames whose header has not been read yet. */
  setFrameSizeMax(frameSizeMax: number): void {
    this.frameSizeMax = frameSizeMax;
  }

  /** Bytes received for frames not yet returned (the partly filled payload included). */
  get bufferedBytes(): number {
    return this.#buffered + this.#filled;
  }

  /** Payload bytes already in the allocatePayload buffer of the frame being received. */
  get assembledBytes(): number {
    return this.#target === null ? 0 : this.#filled;
  }

  /**
   * Where the next bytes of the stream may be read in place: the unfilled rest of the payload
   * being assembled, or null (read into a fresh buffer and push() it). Never longer than what
   * the current frame still needs, so a read into it cannot take bytes of the next frame.
   */
  inPlaceTarget(): Buffer | null {
    if (this.#target === null || this.#buffered > 0) return null;
    return this.#target.subarray(this.#filled, this.#need);
  }

  /** `byteCount` bytes were read into inPlaceTarget(); returns the frame they complete, if any. */
  pushInPlace(byteCount: number): T[] {
    if (this.#target === null || this.#buffered > 0 || byteCount < 0 || this.#filled + byteCount > this.#need) {
      throw new RangeError(`pushInPlace(${byteCount}) without a matching in-place target`);
    }
    this.#filled += byteCount;
    const frames: T[] = [];
    if (this.#filled === this.#need) frames.push(this.#completeTarget());
    return frames;
  }

  /**
   * Hands back every byte fed but not yet returned as a frame (a consumed header included),
   * exactly as received, and resets the reader. Used to move a connection to another thread.
   * Bytes of a partly assembled payload are copied out (its buffer goes back to its owner).
   */
  takeUnconsumed(): Buffer[] {
    const out: Buffer[] = [];
    if (this.#header) out.push(this.#header);
    if (this.#target !== null && this.#filled > 0) {
      out.push(Buffer.from(this.#target.subarray(0, this.#filled)));
    }
    out.push(...this.#chunks);
    this.discard();
    return out;
  }

  /** Drops everything buffered (the connection is gone); a payload buffer is no longer touched. */
  discard(): void {
    this.#chunks = [];
    this.#buffered = 0;
    this.#need = 0;
    this.#header = null;
    this.#target = null;
    this.#filled = 0;
  }

  /** Feed bytes; returns every frame completed by them, in order. */
  push(chunk: Buffer): T[] {
    const frames: T[] = [];
    this.#chunks.push(chunk);
    this.#buffered += chunk.length;
    for (;;) {
      if (this.#target !== null) {
        this.#fillTarget();
        if (this.#filled < this.#need) break;
        frames.push(this.#completeTarget());
        continue;
      }
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
        // A payload that is not inside the first chunk is assembled where it will stay.
        if (this.#need > 0 && (this.#chunks.length === 0 || this.#chunks[0]!.length < this.#need)) {
          const target = this.allocatePayload?.(this.#need) ?? null;
          if (target !== null) {
            this.#target = target.length === this.#need ? target : target.subarray(0, this.#need);
            this.#filled = 0;
            continue;
          }
        }
      }
      if (this.#buffered < this.#need) break;
      const payload = this.#need === 0 ? EMPTY : this.#take(this.#need, true);
      frames.push(this.#frameOf(payload));
    }
    return frames;
  }

  #frameOf(payload: Buffer): T {
    const header = this.#header!;
    this.#header = null;
    this.#need = 0;
    return (this.kind === 'request'
      ? { code: header.readUInt32LE(4), payload }
      : { status: header.readUInt32LE(0), payload }) as T;
  }

  #completeTarget(): T {
    const payload = this.#target!;
    this.#target = null;
    this.#filled = 0;
    return this.#frameOf(payload);
  }

  /** Moves buffered chunk bytes into the target, up to what the frame needs. */
  #fillTarget(): void {
    const target = this.#target!;
    let copied = 0;
    while (this.#filled < this.#need && this.#chunks.length > 0) {
      const chunk = this.#chunks[0]!;
      const part = Math.min(chunk.length, this.#need - this.#filled);
      chunk.copy(target, this.#filled, 0, part);
      this.#filled += part;
      copied += part;
      if (part === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(part);
    }
    this.#buffered -= copied;
    if (copied > 0) this.onCopy?.(copied, true);
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
    const out = Buffer.allocUnsafe(byteCount);
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
    if (isPayload) this.onCopy?.(byteCount, false);
    return out;
  }
}

export class RequestFrameReader extends FrameReader<RequestFrame> {
  constructor(
    frameSizeMax: number,
    allocatePayload: ((byteCount: number) => Buffer | null) | null = null,
    onCopy: ((byteCount: number, intoAllocated: boolean) => void) | null = null,
  ) {
    super('request', frameSizeMax, allocatePayload, onCopy);
  }
}

export class ResponseFrameReader extends FrameReader<ResponseFrame> {
  constructor(frameSizeMax: number) {
    super('response', frameSizeMax);
  }
}
