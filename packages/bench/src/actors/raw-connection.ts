import { connect } from 'node:net';
import { WebSocket } from 'ws';
import {
  CommandCode,
  IggyError,
  ResponseFrameReader,
  encodeLoginUserRequest,
  encodeRequestHeader,
  type ResponseFrame,
} from '@iggy-node/protocol';

/** Poll responses of a few MB must fit; this only bounds a corrupt length. */
const RESPONSE_FRAME_SIZE_MAX = 256 * 1024 * 1024;

/** Where a request's bytes go: a TCP socket (corked parts) or a WebSocket (one binary message). */
interface FrameWriter {
  write(parts: Buffer[]): void;
  destroy(): void;
}

/**
 * One connection with one request in flight, speaking frames directly. Over TCP the benchmark
 * writes [header][payload parts] with cork/uncork so a pre-built batch goes out without being
 * copied; over WebSocket each request is one binary message, as the Iggy SDKs send it.
 */
export class RawConnection {
  readonly #socket: FrameWriter;
  readonly #reader = new ResponseFrameReader(RESPONSE_FRAME_SIZE_MAX);
  #pending: { resolve: (frame: ResponseFrame) => void; reject: (error: Error) => void } | null = null;
  #closedError: Error | null = null;

  private constructor(socket: FrameWriter, subscribe: (onData: (chunk: Buffer) => void, onError: (error: Error) => void, onClose: () => void) => void) {
    this.#socket = socket;
    subscribe((chunk: Buffer) => {
      let frames: ResponseFrame[];
      try {
        frames = this.#reader.push(chunk);
      } catch (error) {
        this.#fail(error as Error);
        return;
      }
      for (const frame of frames) {
        const pending = this.#pending;
        this.#pending = null;
        pending?.resolve(frame);
      }
    }, (error) => this.#fail(error), () => this.#fail(new Error('connection closed by the server')));
  }

  static open(host: string, port: number, nodelay: boolean): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: nodelay });
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        const writer: FrameWriter = {
          write: (parts) => {
            socket.cork();
            for (const part of parts) socket.write(part);
            socket.uncork();
          },
          destroy: () => socket.destroy(),
        };
        resolve(new RawConnection(writer, (onData, onError, onClose) => {
          socket.on('data', onData);
          socket.on('error', onError);
          socket.on('close', onClose);
        }));
      });
      socket.once('error', reject);
    });
  }

  /** ws://host:port (Iggy's WebSocket transport). */
  static openWebSocket(host: string, port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(`ws://${host.includes(':') ? `[${host}]` : host}:${port}`, { perMessageDeflate: false, maxPayload: RESPONSE_FRAME_SIZE_MAX });
      socket.once('open', () => {
        socket.removeListener('error', reject);
        const writer: FrameWriter = {
          write: (parts) => socket.send(Buffer.concat(parts), { binary: true }),
          destroy: () => socket.terminate(),
        };
        resolve(new RawConnection(writer, (onData, onError, onClose) => {
          socket.on('message', (data: Buffer, isBinary: boolean) => {
            if (isBinary) onData(data);
          });
          socket.on('error', onError);
          socket.on('close', onClose);
        }));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one request; `parts` are written back to back after a fresh header. Rejects on a non-zero status. */
  request(code: number, ...parts: Buffer[]): Promise<ResponseFrame> {
    if (this.#closedError) return Promise.reject(this.#closedError);
    if (this.#pending) return Promise.reject(new Error('a request is already in flight'));
    let length = 0;
    for (const part of parts) length += part.length;
    const promise = new Promise<ResponseFrame>((resolve, reject) => {
      this.#pending = { resolve, reject };
    });
    this.#socket.write([encodeRequestHeader(code, length), ...parts]);
    return promise.then((frame) => {
      if (frame.status !== 0) throw new IggyError(frame.status, `command ${code} failed with status ${frame.status}`);
      return frame;
    });
  }

  async login(username: string, password: string): Promise<void> {
    await this.request(CommandCode.LoginUser, encodeLoginUserRequest({ username, password }));
  }

  close(): void {
    this.#closedError ??= new Error('connection closed');
    this.#socket.destroy();
  }

  #fail(error: Error): void {
    this.#closedError ??= error;
    const pending = this.#pending;
    this.#pending = null;
    pending?.reject(error);
  }
}
