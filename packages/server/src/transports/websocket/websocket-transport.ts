/**
 * The WebSocket transport of one shard (Iggy 0.7 `[websocket]`, default 127.0.0.1:8092): an HTTP
 * server that accepts the RFC 6455 upgrade on any path and then speaks the binary protocol in
 * binary messages. Every shard listens on the same port (SO_REUSEPORT, as TCP). With
 * `[websocket.tls]` the port serves only wss:// (self-signed localhost certificate or PEM files).
 *
 * Runs on: every shard thread that serves WebSocket.
 */
import http from 'node:http';
import https from 'node:https';
import type net from 'node:net';
import { WebSocketServer } from 'ws';
import { formatHostPort } from '../../config/host-port.js';
import type { Session } from '../../session/session.js';
import { BinaryConnectionSet } from '../binary/connection-set.js';
import type { ShardTransport, TransportHost } from '../shard-transport.js';
import { loadTlsMaterial } from '../tcp/tls-material.js';
import { formatRemoteAddress } from '../tcp/tcp-connection.js';
import { WebSocketConnection } from './websocket-connection.js';
import { WEBSOCKET_MESSAGE_SIZE_MAX_DEFAULT, WEBSOCKET_UPGRADE_TIMEOUT_MS } from './websocket-limits.js';

/** `[websocket]` keys tuned for tungstenite that `ws` has no equivalent for. */
const UNHONOURED_KEYS = ['read_buffer_size', 'write_buffer_size', 'max_write_buffer_size', 'max_frame_size'] as const;

export class WebSocketTransport implements ShardTransport {
  readonly name = 'websocket' as const;
  readonly #connections = new BinaryConnectionSet();
  #server: http.Server | https.Server | null = null;
  #sockets: WebSocketServer | null = null;

  constructor(private readonly host: TransportHost) {}

  async listen(): Promise<string | null> {
    const spec = this.host.listenSpec('websocket');
    if (!spec) return null;
    const { config, logger } = this.host;
    const settings = config.websocket;
    for (const key of UNHONOURED_KEYS) {
      if (settings[key] !== null) logger.warn(`websocket.${key} is set but not honoured (the ws library has no such setting)`);
    }
    if (settings.accept_unmasked_frames) logger.warn('websocket.accept_unmasked_frames is set but not honoured: unmasked client frames are refused');
    const material = settings.tls.enabled ? await loadTlsMaterial(settings.tls, logger) : null;
    const server = material ? https.createServer({ cert: material.cert, key: material.key }) : http.createServer();
    server.requestTimeout = WEBSOCKET_UPGRADE_TIMEOUT_MS;
    server.headersTimeout = WEBSOCKET_UPGRADE_TIMEOUT_MS;
    // Plain HTTP requests on this port get 426: only upgrades are served.
    server.on('request', (_request, response) => {
      response.writeHead(426, { connection: 'close', upgrade: 'websocket' }).end();
    });
    const sockets = new WebSocketServer({
      noServer: true,
      maxPayload: settings.max_message_size ?? WEBSOCKET_MESSAGE_SIZE_MAX_DEFAULT,
      perMessageDeflate: false,
      clientTracking: false,
    });
    server.on('upgrade', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      sockets.handleUpgrade(request, socket, head, (ws) => {
        const connection = new WebSocketConnection(ws, formatRemoteAddress(socket), this.host.dispatcher, this.host.clients, logger, this.host.pool, (closed) => {
          this.#connections.delete(closed.core);
          this.host.onSessionClosed(closed.session);
        });
        this.#connections.add(connection.core);
      });
    });
    server.on('clientError', (_error, socket) => socket.destroy());
    this.#server = server;
    this.#sockets = sockets;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      const options = spec.fd === null ? { host: spec.host, port: spec.port, backlog: 1024 } : { fd: spec.fd };
      server.listen(options, () => {
        server.off('error', reject);
        const bound = server.address() as net.AddressInfo;
        resolve(formatHostPort(bound.address, bound.port));
      });
    });
  }

  closeConnections(predicate: (session: Session) => boolean): number {
    return this.#connections.closeMatching(predicate);
  }

  async close(drainTimeoutMs: number): Promise<void> {
    const server = this.#server;
    const listenerClosed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    await this.#connections.drain(drainTimeoutMs, listenerClosed);
    server?.closeAllConnections();
    this.#sockets?.close();
  }
}
