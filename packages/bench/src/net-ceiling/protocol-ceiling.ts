import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { Worker } from 'node:worker_threads';

/** One protocol ceiling: what `connections` clients got from a do-nothing Node server of the protocol. */
export interface ProtocolCeilingFigure {
  messagesPerSecond: number;
  mbPerSecond: number;
  connections: number;
}

/**
 * The workload's ceilings on this machine, measured in the same run as the workload:
 * - `ackOnly`: batches of the workload's size sent to a server that only acknowledges them (the
 *   producers' ceiling);
 * - `serveOnly`: small requests answered with a batch-sized response from memory (the
 *   consumers' ceiling).
 * Both with one request in flight per connection, as the bench's actors and Iggy's bench work.
 */
export interface ProtocolCeiling {
  ackOnly: ProtocolCeilingFigure;
  serveOnly: ProtocolCeilingFigure;
  seconds: number;
  batchBytes: number;
  messagesPerBatch: number;
}

export interface ProtocolCeilingOptions {
  seconds: number;
  messagesPerBatch: number;
  messageSizeBytes: number;
  /** Parallel connections for the ack-only figure: the workload's sending actors. */
  ackConnections: number;
  /** Parallel connections for the serve-only figure: the workload's polling actors. */
  serveConnections: number;
}

/** Bytes one message takes in a SendMessages frame or a poll response: 64-byte header + payload (no user headers). */
const MESSAGE_FRAME_OVERHEAD_BYTES = 64;
/** Not measured: lets the sockets and the JIT settle. */
const WARMUP_MS = 300;
/** A PollMessages request of a numeric stream/topic and a named consumer is about this size. */
const POLL_REQUEST_BYTES = 48;

export async function measureProtocolCeiling(options: ProtocolCeilingOptions): Promise<ProtocolCeiling> {
  const batchBytes = options.messagesPerBatch * (MESSAGE_FRAME_OVERHEAD_BYTES + options.messageSizeBytes);
  const ackOnly = await measureMode('ack', batchBytes, POLL_REQUEST_BYTES, options, Math.max(1, options.ackConnections));
  const serveOnly = await measureMode('serve', batchBytes, POLL_REQUEST_BYTES, options, Math.max(1, options.serveConnections));
  return { ackOnly, serveOnly, seconds: options.seconds, batchBytes, messagesPerBatch: options.messagesPerBatch };
}

async function measureMode(
  mode: 'ack' | 'serve',
  batchBytes: number,
  requestBytes: number,
  options: ProtocolCeilingOptions,
  connections: number,
): Promise<ProtocolCeilingFigure> {
  const worker = new Worker(new URL('./protocol-ceiling-worker.js', import.meta.url), { workerData: { mode, responseBytes: batchBytes } });
  const [{ port }] = (await once(worker, 'message')) as [{ port: number }];
  // The request: a frame whose length prefix counts what follows it.
  const requestSize = mode === 'ack' ? batchBytes : requestBytes;
  const request = Buffer.alloc(4 + requestSize, 0x61);
  request.writeUInt32LE(requestSize, 0);
  const responseSize = 8 + (mode === 'ack' ? 0 : batchBytes);
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < connections; i++) {
      const socket = connect({ host: '127.0.0.1', port, noDelay: true });
      await once(socket, 'connect');
      sockets.push(socket);
    }
    let counting = false;
    let batches = 0;
    let stopAtMs = Date.now() + WARMUP_MS;
    const loop = (socket: Socket) =>
      new Promise<void>((resolve) => {
        let received = 0;
        socket.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received < responseSize) return;
          received -= responseSize;
          if (counting) batches++;
          if (Date.now() >= stopAtMs) {
            resolve();
            return;
          }
          socket.write(request);
        });
        socket.write(request);
      });
    await Promise.all(sockets.map((s) => loop(s)));
    for (const s of sockets) s.removeAllListeners('data');
    counting = true;
    const startMs = Date.now();
    stopAtMs = startMs + options.seconds * 1000;
    await Promise.all(sockets.map((s) => loop(s)));
    const elapsedSeconds = (Date.now() - startMs) / 1000;
    const messages = batches * options.messagesPerBatch;
    return { messagesPerSecond: messages / elapsedSeconds, mbPerSecond: (batches * batchBytes) / 1e6 / elapsedSeconds, connections };
  } finally {
    for (const s of sockets) s.destroy();
    worker.postMessage({ type: 'stop' });
    await worker.terminate();
  }
}
