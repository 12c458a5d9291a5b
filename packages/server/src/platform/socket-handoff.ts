import { Socket } from 'node:net';
import { duplicateFd } from './file-descriptor.js';

/**
 * Moves a plain TCP connection from one worker thread to another. Node cannot transfer a
 * net.Socket through postMessage, but the fd is process-wide: stop reading, take what Node
 * already read, let pending writes reach the kernel, dup the fd, destroy the old socket (which
 * closes only its own fd number, so no FIN/RST is sent) and open a new net.Socket on the copy in
 * the target thread. Measured to lose, duplicate and reorder nothing while the client keeps
 * sending (reference/node-platform.md §2.3, §3.5). TLS/WebSocket connections cannot move: their
 * session state lives in the source isolate.
 *
 * Relies on Node internals (`socket._handle.readStop()` and `._handle.fd`), which is why they are
 * used here only and covered by tests.
 */

/** What the target thread needs: post both (the Buffers arrive as Uint8Arrays). */
export interface DetachedSocket {
  /** A dup of the connection's fd, owned by nobody until adoptSocket (or closeFd) takes it. */
  fd: number;
  /** Bytes Node had already read from the socket but nobody consumed, in arrival order. */
  leftover: Buffer[];
}

interface TcpHandle {
  fd: number;
  readStop(): number;
}

function tcpHandleOf(socket: Socket): TcpHandle {
  const handle = (socket as unknown as { _handle?: Partial<TcpHandle> | null })._handle;
  if (handle === null || handle === undefined) throw new Error('detachSocket: socket has no handle (closed or not connected)');
  if (typeof handle.readStop !== 'function' || typeof handle.fd !== 'number' || handle.fd < 0) {
    throw new Error('detachSocket: socket has no file descriptor (not a plain TCP socket, or unsupported Node version)');
  }
  return handle as TcpHandle;
}

/** Resolves once every byte written so far has been handed to the kernel. */
function writesFlushed(socket: Socket): Promise<void> {
  while (socket.writableCorked > 0) socket.uncork();
  if (socket.writableLength === 0) return Promise.resolve();
  // Writes complete in order, so the callback of an empty write fires after all earlier ones.
  return new Promise((resolve, reject) => {
    socket.write(Buffer.alloc(0), (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Takes a connected plain TCP socket away from this thread. All of the socket's listeners are
 * removed first (its 'data' handler must not see the leftover, and its 'close' handler must not
 * run disconnect cleanup for a connection that lives on); the caller's connection loop must treat
 * the socket as gone. Rejects if the socket is not a plain TCP socket or a pending write fails; in
 * that case the socket is left stopped and the caller should destroy it.
 */
export async function detachSocket(socket: Socket): Promise<DetachedSocket> {
  // pause() alone does not stop libuv reading into the stream buffer; readStop() does. Node's
  // own `handle.reading` flag stays set, so stream reads below do not restart it.
  tcpHandleOf(socket).readStop();
  socket.pause();
  socket.removeAllListeners();
  // A late error on the old handle must not crash the thread; the connection lives on under fd.
  socket.on('error', () => {});
  await writesFlushed(socket);
  // From here to destroy() everything is synchronous, so no read callback can run in between.
  const handle = tcpHandleOf(socket);
  handle.readStop();
  const leftover: Buffer[] = [];
  for (let chunk: Buffer | null = socket.read(); chunk !== null; chunk = socket.read()) leftover.push(chunk);
  const fd = duplicateFd(handle.fd);
  socket.destroy();
  return { fd, leftover };
}

/**
 * Opens a detached connection in this thread. The leftover bytes are put back in front of the
 * stream, so the first 'data' events deliver them before anything read from the fd.
 */
export function adoptSocket(fd: number, leftover: readonly Uint8Array[] = []): Socket {
  const socket = new Socket({ fd, readable: true, writable: true });
  // Nothing has been read yet: the constructor only schedules the first read, so unshift puts
  // the leftover strictly before any new bytes.
  const pending = leftover.filter((chunk) => chunk.byteLength > 0);
  if (pending.length > 0) {
    const chunk = Buffer.concat(pending.map((part) => Buffer.from(part.buffer, part.byteOffset, part.byteLength)));
    socket.unshift(chunk);
  }
  return socket;
}
