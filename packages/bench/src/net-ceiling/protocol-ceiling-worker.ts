import { createServer, type Socket } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * Worker entry: the least a Node server speaking Iggy's binary framing can do. Each request frame
 * ([length u32 LE][code u32 LE][payload], length counting code and payload) is read off the
 * socket and answered at once, without looking at it: with `mode: 'ack'` by an empty OK
 * response ([status 0][length 0]), as an ack-only sink for SendMessages; with `mode: 'serve'` by
 * an OK response carrying `responseBytes` of prebuilt payload, as a serve-only source for
 * PollMessages. No parsing of messages, no storage, no checksum: what is left is Node's socket
 * and event-loop cost per request, the floor under any Node server of this protocol.
 */
interface Options {
  mode: 'ack' | 'serve';
  responseBytes: number;
}
const { mode, responseBytes } = workerData as Options;
const OK_EMPTY = Buffer.alloc(8);
const servedHeader = Buffer.alloc(8);
servedHeader.writeUInt32LE(responseBytes, 4);
const servedPayload = Buffer.alloc(responseBytes, 0x62);

function answerFrames(socket: Socket): void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Bytes of the current frame still to arrive after its length prefix; -1 while awaiting a prefix. */
  let frameRemaining = -1;
  socket.on('data', (chunk: Buffer) => {
    let at = 0;
    while (at < chunk.length) {
      if (frameRemaining < 0) {
        // Gather the 4-byte length prefix (it may straddle chunks).
        const need = 4 - pendingBytes;
        const take = Math.min(need, chunk.length - at);
        pending.push(chunk.subarray(at, at + take));
        pendingBytes += take;
        at += take;
        if (pendingBytes < 4) return;
        frameRemaining = Buffer.concat(pending).readUInt32LE(0);
        pending = [];
        pendingBytes = 0;
      }
      const take = Math.min(frameRemaining, chunk.length - at);
      frameRemaining -= take;
      at += take;
      if (frameRemaining === 0) {
        frameRemaining = -1;
        if (mode === 'ack') {
          socket.write(OK_EMPTY);
        } else {
          // Header and payload in one writev, neither copied: the least a server can do.
          socket.cork();
          socket.write(servedHeader);
          socket.write(servedPayload);
          socket.uncork();
        }
      }
    }
  });
  socket.on('error', () => {});
}

const server = createServer({ noDelay: true }, answerFrames);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  parentPort!.postMessage({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});
parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'stop') {
    server.close();
    parentPort!.close();
  }
});
