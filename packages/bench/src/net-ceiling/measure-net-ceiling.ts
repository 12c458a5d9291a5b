import { once } from 'node:events';
import { connect } from 'node:net';
import { Worker } from 'node:worker_threads';

export interface NetCeiling {
  /** Loopback bytes per second a Node client can push into a Node server that discards them, in MB/s (1e6). */
  mbPerSecond: number;
  seconds: number;
  writeSizeBytes: number;
}

const WRITE_SIZE_BYTES = 1024 * 1024;
/** Not measured: lets the socket buffers and the JIT settle. */
const WARMUP_MS = 300;

/**
 * This machine's Node loopback TCP ceiling: a server in a worker thread discards what arrives, the
 * client (this thread) writes 1 MiB buffers for `seconds`, honouring backpressure. Bytes counted
 * on the receiving side, so data still in kernel buffers is not credited.
 */
export async function measureNetCeiling(seconds = 3): Promise<NetCeiling> {
  const worker = new Worker(new URL('./discard-server-worker.js', import.meta.url));
  const ask = async <T>(message: object, type: string): Promise<T> => {
    const reply = new Promise<T>((resolve) => {
      const onMessage = (m: { type: string }) => {
        if (m.type === type) {
          worker.off('message', onMessage);
          resolve(m as T);
        }
      };
      worker.on('message', onMessage);
    });
    if (Object.keys(message).length) worker.postMessage(message);
    return reply;
  };
  try {
    const { port } = await ask<{ port: number }>({}, 'listening');
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    await once(socket, 'connect');
    const chunk = Buffer.alloc(WRITE_SIZE_BYTES, 0x61);
    const writeUntil = async (untilMs: number) => {
      while (Date.now() < untilMs) {
        if (!socket.write(chunk)) await once(socket, 'drain');
      }
    };
    await writeUntil(Date.now() + WARMUP_MS);
    worker.postMessage({ type: 'reset' });
    const startMs = Date.now();
    await writeUntil(startMs + seconds * 1000);
    const { bytes } = await ask<{ bytes: number }>({ type: 'report' }, 'received');
    const elapsedSeconds = (Date.now() - startMs) / 1000;
    socket.destroy();
    return { mbPerSecond: bytes / 1e6 / elapsedSeconds, seconds: elapsedSeconds, writeSizeBytes: WRITE_SIZE_BYTES };
  } finally {
    await worker.terminate();
  }
}
