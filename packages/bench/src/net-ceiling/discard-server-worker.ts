import { createServer } from 'node:net';
import { parentPort } from 'node:worker_threads';

/** Worker entry: a loopback TCP server that counts and drops what it receives; reports its port, then the byte count when asked. */
let receivedBytes = 0;
const server = createServer((socket) => {
  socket.on('data', (chunk: Buffer) => {
    receivedBytes += chunk.length;
  });
  socket.on('error', () => {});
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  parentPort!.postMessage({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});
parentPort!.on('message', (message: { type: string }) => {
  if (message.type === 'reset') receivedBytes = 0;
  if (message.type === 'report') parentPort!.postMessage({ type: 'received', bytes: receivedBytes });
  if (message.type === 'stop') {
    server.close();
    parentPort!.close();
  }
});
