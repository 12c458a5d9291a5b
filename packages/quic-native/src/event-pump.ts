/**
 * Wakes this thread's event loop when the native endpoint has queued events: the endpoint writes
 * one byte to a pipe when its queue goes from drained to non-empty, and `drain` empties the queue
 * (which re-arms the pipe). One wake-up covers any number of events.
 */
import net from 'node:net';

export class EventPump {
  readonly #socket: net.Socket;

  constructor(fd: number, drain: () => void) {
    this.#socket = new net.Socket({ fd, readable: true, writable: false });
    this.#socket.on('data', () => drain());
    this.#socket.on('error', () => {});
    // Events queued before the pipe was watched already wrote their byte: 'data' will fire.
  }

  /** Lets the process exit while only this pump is open (a client with nothing in flight). */
  setReferenced(referenced: boolean): void {
    if (referenced) this.#socket.ref();
    else this.#socket.unref();
  }

  close(): void {
    this.#socket.destroy();
  }
}

/** Event kinds, as events.rs numbers them. */
export const EVENT_OPENED = 1;
export const EVENT_REQUEST = 2;
export const EVENT_CLOSED = 3;
export const EVENT_REJECTED = 4;
export const EVENT_RESPONSE = 5;
export const EVENT_FAILED = 6;

/** header = [kind, connection, request, code, length] */
export const HEADER_FIELDS = 5;
