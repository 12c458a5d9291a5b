/**
 * The QUIC listener of one shard: a native quinn endpoint (@iggy-node/quic-native) on this
 * shard's SO_REUSEPORT UDP socket (or, without SO_REUSEPORT, shard 0's own socket; requests for
 * partitions elsewhere are forwarded over the bus like any other request).
 *
 * Runs on: every shard thread that serves QUIC.
 */
import type { Logger } from 'pino';
import { QuicServerEndpoint } from '@iggy-node/quic-native';
import type { QuicConfig } from '../../config/server-config.js';
import type { CommandDispatcher } from '../../handlers/command-dispatcher.js';
import type { ClientRegistry } from '../../session/client-registry.js';
import type { Session } from '../../session/session.js';
import { QuicConnection } from './quic-connection.js';
import { QUIC_INFLIGHT_REQUEST_BYTES_MAX, QUIC_REQUEST_PAYLOAD_MAX } from './limits.js';

export interface QuicListen {
  host: string;
  port: number;
  /** This shard's bound SO_REUSEPORT UDP socket, or null to bind host:port itself. */
  fd: number | null;
  certPem: Buffer;
  keyPem: Buffer;
}

/** Polls to wait for in-flight requests while draining. */
const DRAIN_POLL_MS = 10;

export class QuicServer {
  readonly #connections = new Map<number, QuicConnection>();
  #endpoint: QuicServerEndpoint | null = null;

  constructor(
    private readonly config: QuicConfig,
    private readonly dispatcher: CommandDispatcher,
    private readonly clients: ClientRegistry,
    private readonly logger: Logger,
    private readonly onSessionClosed: (session: Session) => void,
  ) {}

  /** Starts the endpoint and returns the bound "host:port". Throws the native reason on failure. */
  listen(listen: QuicListen): string {
    const host = listen.host.includes(':') && !listen.host.startsWith('[') ? `[${listen.host}]` : listen.host;
    const config = this.config;
    const endpoint = QuicServerEndpoint.start(
      {
        address: `${host}:${listen.port}`,
        socketFd: listen.fd,
        certPem: listen.certPem,
        keyPem: listen.keyPem,
        transport: {
          maxConcurrentBidiStreams: config.max_concurrent_bidi_streams,
          datagramSendBufferSize: config.datagram_send_buffer_size,
          initialMtu: config.initial_mtu,
          sendWindow: config.send_window,
          receiveWindow: config.receive_window,
          keepAliveIntervalMs: config.keep_alive_interval,
          maxIdleTimeoutMs: config.max_idle_timeout,
          socket: {
            overrideDefaults: config.socket.override_defaults,
            recvBufferSize: config.socket.recv_buffer_size,
            sendBufferSize: config.socket.send_buffer_size,
          },
        },
        maxRequestBytes: QUIC_REQUEST_PAYLOAD_MAX,
        inflightBytes: QUIC_INFLIGHT_REQUEST_BYTES_MAX,
      },
      {
        onConnection: (connectionId, address) => {
          const connection = new QuicConnection(connectionId, address, endpoint, this.dispatcher, this.clients, this.logger);
          this.#connections.set(connectionId, connection);
          this.logger.debug({ clientId: connection.session.clientId, address }, 'QUIC client connected');
        },
        onRequest: (connectionId, requestId, code, payload) => {
          const connection = this.#connections.get(connectionId);
          if (connection) connection.enqueue(requestId, code, payload);
          else endpoint.respond(requestId, Buffer.alloc(0));
        },
        onRejected: (connectionId, requestId, code, declaredLength) => {
          this.logger.debug({ connectionId, code, declaredLength }, 'QUIC request with an invalid length');
          this.#connections.get(connectionId)?.enqueue(requestId, code, null);
        },
        onConnectionClosed: (connectionId) => {
          const connection = this.#connections.get(connectionId);
          if (!connection) return;
          this.#connections.delete(connectionId);
          connection.markClosed();
          this.clients.remove(connection.session.clientId);
          this.onSessionClosed(connection.session);
        },
      },
    );
    this.#endpoint = endpoint;
    return `${host}:${endpoint.port}`;
  }

  /** Closes every connection whose session matches (deleted user); returns how many. */
  closeConnections(predicate: (session: Session) => boolean): number {
    let closed = 0;
    for (const connection of this.#connections.values()) {
      if (!predicate(connection.session)) continue;
      connection.close();
      closed++;
    }
    return closed;
  }

  get connectionsCount(): number {
    return this.#connections.size;
  }

  /** Lets in-flight requests finish (up to the deadline), then closes every connection and the socket. */
  async close(drainTimeoutMs: number): Promise<void> {
    const endpoint = this.#endpoint;
    if (!endpoint) return;
    const deadline = Date.now() + drainTimeoutMs;
    while ([...this.#connections.values()].some((c) => !c.idle) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    }
    this.#endpoint = null;
    for (const connection of this.#connections.values()) {
      connection.markClosed();
      this.clients.remove(connection.session.clientId);
      this.onSessionClosed(connection.session);
    }
    this.#connections.clear();
    // Closes every connection (CONNECTION_CLOSE "server shutdown") and the socket.
    endpoint.stop();
  }
}
