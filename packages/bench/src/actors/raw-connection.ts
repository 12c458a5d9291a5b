import { connect, type Socket } from 'node:net';
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

/**
 * One TCP connection with one request in flight, speaking frames directly: the benchmark writes
 * [header][payload parts] with cork/uncork so a pre-built batch goes out without being copied.
 */
export class RawConnection {
  readonly #socket: Socket;
  readonly #reader = new ResponseFrameReader(RESPONSE_FRAME_SIZE_MAX);
  #pending: { resolve: (frame: ResponseFrame) => void; reject: (error: Error) => void } | null = null;
  #closedError: Error | null = null;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
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
    });
    socket.on('error', (error) => this.#fail(error));
    socket.on('close', () => this.#fail(new Error('connection closed by the server')));
  }

  static open(host: string, port: number, nodelay: boolean): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: nodelay });
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(new RawConnection(socket));
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
    const socket = this.#socket;
    socket.cork();
    socket.write(encodeRequestHeader(code, length));
    for (const part of parts) socket.write(part);
    socket.uncork();
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
