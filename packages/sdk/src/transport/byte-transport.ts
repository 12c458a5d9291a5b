/**
 * The byte pipe under a server connection: the request/response logic (queue, framing,
 * timeouts) is the same for every transport, only how bytes travel differs. TCP and TLS carry
 * the frames on the socket; WebSocket (ws:// or wss://, Iggy 0.7's websocket transport) carries
 * each request as one binary message and treats incoming binary messages as one byte stream.
 */
import net from 'node:net';
import tls from 'node:tls';
import { ErrorCode, IggyError } from '@iggy-node/protocol';

export type TransportKind = 'tcp' | 'ws';

export interface TlsOptions {
  /** Trusted CA certificate(s), PEM. Defaults to Node's bundled roots. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** SNI and certificate host name; defaults to the host when it is a name. */
  servername?: string;
  /** Default true. False accepts any certificate (tests with self-signed certs only). */
  rejectUnauthorized?: boolean;
}

export interface ByteTransport {
  readonly kind: TransportKind;
  /** Writes one request (all parts) as one unit: one writev on TCP, one message on WebSocket. */
  write(parts: Buffer[]): void;
  destroy(): void;
  onData(listener: (chunk: Buffer) => void): void;
  /** Once, when the pipe is gone; `error` when it failed. */
  onClose(listener: (error: Error | null) => void): void;
}

export interface ConnectTarget {
  host: string;
  port: number;
  tls?: TlsOptions;
  connectTimeoutMs: number;
  /** Largest incoming WebSocket message (the response frame bound). */
  messageSizeMax: number;
}

class SocketTransport implements ByteTransport {
  readonly kind = 'tcp' as const;
  constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
  }

  write(parts: Buffer[]): void {
    this.socket.cork();
    for (const part of parts) if (part.length > 0) this.socket.write(part);
    this.socket.uncork();
  }

  destroy(): void {
    this.socket.destroy();
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.socket.on('data', listener);
  }

  onClose(listener: (error: Error | null) => void): void {
    let error: Error | null = null;
    this.socket.on('error', (e) => (error = e));
    this.socket.once('close', () => listener(error));
  }
}

export function connectFailure(target: ConnectTarget, error: Error): IggyError {
  return new IggyError(ErrorCode.CannotEstablishConnection, `${target.host}:${target.port}: ${error.message}`);
}

/** Opens a TCP socket (and TLS handshake); rejects with CannotEstablishConnection (9). */
export function connectTcp(target: ConnectTarget): Promise<ByteTransport> {
  return new Promise((resolve, reject) => {
    const socket = target.tls
      ? tls.connect({
          host: target.host,
          port: target.port,
          ca: target.tls.ca,
          servername: target.tls.servername ?? (net.isIP(target.host) ? undefined : target.host),
          rejectUnauthorized: target.tls.rejectUnauthorized ?? true,
        })
      : net.connect({ host: target.host, port: target.port });
    const readyEvent = target.tls ? 'secureConnect' : 'connect';
    const fail = (error: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(connectFailure(target, error));
    };
    const timer = setTimeout(() => fail(new Error(`timed out after ${target.connectTimeoutMs} ms`)), target.connectTimeoutMs);
    socket.once('error', fail);
    socket.once(readyEvent, () => {
      clearTimeout(timer);
      socket.off('error', fail);
      resolve(new SocketTransport(socket));
    });
  });
}

/**
 * Opens ws://host:port (wss:// with `tls`); rejects with CannotEstablishConnection (9). The
 * WebSocket side (and the ws package) is loaded on first use: a TCP or QUIC client does not pay
 * for it at import.
 */
export async function connectWebSocket(target: ConnectTarget): Promise<ByteTransport> {
  const { openWebSocket } = await import('./websocket-transport.js');
  return openWebSocket(target);
}
