// The WebSocket byte transport (Iggy 0.7's websocket transport: one binary message per request
// and per response frame). Imported on demand by byte-transport.ts.
import net from 'node:net';
import { WebSocket } from 'ws';
import { connectFailure, type ByteTransport, type ConnectTarget } from './byte-transport.js';

class WebSocketTransport implements ByteTransport {
  readonly kind = 'ws' as const;
  constructor(private readonly socket: WebSocket) {}

  write(parts: Buffer[]): void {
    this.socket.send(parts.length === 1 ? parts[0]! : Buffer.concat(parts), { binary: true });
  }

  destroy(): void {
    this.socket.terminate();
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      if (!isBinary) return;
      if (Array.isArray(data)) for (const part of data) listener(part);
      else listener(Buffer.isBuffer(data) ? data : Buffer.from(data));
    });
  }

  onClose(listener: (error: Error | null) => void): void {
    let error: Error | null = null;
    this.socket.on('error', (e) => (error = e));
    this.socket.once('close', () => listener(error));
  }
}

/** Opens ws://host:port (wss:// with `tls`); rejects with CannotEstablishConnection (9). */
export function openWebSocket(target: ConnectTarget): Promise<ByteTransport> {
  return new Promise((resolve, reject) => {
    const host = net.isIPv6(target.host) ? `[${target.host}]` : target.host;
    const url = `${target.tls ? 'wss' : 'ws'}://${host}:${target.port}`;
    const socket = new WebSocket(url, {
      perMessageDeflate: false,
      maxPayload: target.messageSizeMax,
      handshakeTimeout: target.connectTimeoutMs,
      ...(target.tls
        ? {
            ca: target.tls.ca,
            servername: target.tls.servername ?? (net.isIP(target.host) ? undefined : target.host),
            rejectUnauthorized: target.tls.rejectUnauthorized ?? true,
          }
        : {}),
    });
    const fail = (error: Error): void => {
      socket.terminate();
      reject(connectFailure(target, error));
    };
    socket.once('error', fail);
    socket.once('open', () => {
      socket.off('error', fail);
      resolve(new WebSocketTransport(socket));
    });
  });
}
