/**
 * The QUIC transport of one shard (Iggy 0.7 `[quic]`, default 127.0.0.1:8080): a native quinn
 * endpoint (@iggy-node/quic-native) on this shard's SO_REUSEPORT UDP socket, or, without
 * SO_REUSEPORT, on shard 0 only (requests for partitions elsewhere are forwarded over the bus
 * like any request). Each stream carries one request, run through the binary command table.
 * QUIC state lives in this shard's endpoint thread: connections never move between shards.
 *
 * Runs on: every shard thread the coordinator gave a QUIC socket (see quic-listener-plan.ts).
 */
import { QuicServerEndpoint } from '@iggy-node/quic-native';
import { formatHostPort } from '../../config/host-port.js';
import type { Session } from '../../session/session.js';
import type { ShardTransport, TransportHost } from '../shard-transport.js';
import { QuicConnection } from './quic-connection.js';
import { loadQuicCertificate } from './quic-certificate.js';
import { QUIC_DRAIN_POLL_MS, QUIC_INFLIGHT_REQUEST_BYTES_MAX, QUIC_REQUEST_PAYLOAD_MAX, QUIC_UNAUTHENTICATED_PAYLOAD_MAX } from './limits.js';

export class QuicTransport implements ShardTransport {
  readonly name = 'quic' as const;
  readonly #connections = new Map<number, QuicConnection>();
  #endpoint: QuicServerEndpoint | null = null;

  constructor(private readonly host: TransportHost) {}

  async listen(): Promise<string | null> {
    const spec = this.host.listenSpec('quic');
    if (!spec) return null;
    const { config, logger, dispatcher, clients } = this.host;
    const settings = config.quic;
    if (settings.socket.override_defaults && settings.socket.keepalive && this.host.shard.id === 0) {
      // Iggy sets SO_KEEPALIVE on its UDP socket, where the kernel ignores it; QUIC's own
      // keep-alive is quic.keep_alive_interval.
      logger.warn('quic.socket.keepalive is set but not honoured: SO_KEEPALIVE has no effect on UDP (quic.keep_alive_interval is)');
    }
    // The coordinator chose the certificate once (quic-certificate.ts), so every shard presents
    // the same one and a client that pins it reaches any shard.
    const material = spec.certificate
      ? { cert: Buffer.from(spec.certificate.cert, 'utf8'), key: Buffer.from(spec.certificate.key, 'utf8') }
      : await loadQuicCertificate(settings.certificate, logger);
    const endpoint = QuicServerEndpoint.start(
      {
        address: formatHostPort(spec.host, spec.port),
        socketFd: spec.fd,
        certPem: material.cert,
        keyPem: material.key,
        transport: {
          maxConcurrentBidiStreams: settings.max_concurrent_bidi_streams,
          datagramSendBufferSize: settings.datagram_send_buffer_size,
          initialMtu: settings.initial_mtu,
          sendWindow: settings.send_window,
          receiveWindow: settings.receive_window,
          keepAliveIntervalMs: settings.keep_alive_interval,
          maxIdleTimeoutMs: settings.max_idle_timeout,
          socket: {
            overrideDefaults: settings.socket.override_defaults,
            recvBufferSize: settings.socket.recv_buffer_size,
            sendBufferSize: settings.socket.send_buffer_size,
          },
        },
        maxRequestBytes: QUIC_REQUEST_PAYLOAD_MAX,
        unauthenticatedRequestBytes: QUIC_UNAUTHENTICATED_PAYLOAD_MAX,
        inflightBytes: QUIC_INFLIGHT_REQUEST_BYTES_MAX,
      },
      {
        onConnection: (connectionId, address) => {
          const connection = new QuicConnection(connectionId, address, endpoint, dispatcher, clients, logger);
          this.#connections.set(connectionId, connection);
          logger.debug({ clientId: connection.session.clientId, address }, 'QUIC client connected');
        },
        onRequest: (connectionId, requestId, code, payload) => {
          const connection = this.#connections.get(connectionId);
          // Gone already (closed between the native read and now): nothing to answer.
          if (connection) connection.enqueue(requestId, code, payload);
          else endpoint.respond(requestId, Buffer.alloc(0));
        },
        onRejected: (connectionId, requestId, code, declaredLength) => {
          logger.debug({ connectionId, code, declaredLength }, 'QUIC request with an invalid length');
          const connection = this.#connections.get(connectionId);
          if (connection) connection.enqueue(requestId, code, null);
          else endpoint.respond(requestId, Buffer.alloc(0));
        },
        onConnectionClosed: (connectionId) => {
          const connection = this.#connections.get(connectionId);
          if (!connection) return;
          this.#connections.delete(connectionId);
          this.#forget(connection);
        },
      },
    );
    this.#endpoint = endpoint;
    return formatHostPort(spec.host, endpoint.port);
  }

  closeConnections(predicate: (session: Session) => boolean): number {
    let closed = 0;
    for (const connection of this.#connections.values()) {
      if (!predicate(connection.session)) continue;
      connection.close();
      closed++;
    }
    return closed;
  }

  /** Lets in-flight requests finish (up to the deadline), then closes every connection and the socket. */
  async close(drainTimeoutMs: number): Promise<void> {
    const endpoint = this.#endpoint;
    if (!endpoint) return;
    const deadline = Date.now() + drainTimeoutMs;
    while ([...this.#connections.values()].some((c) => !c.idle) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, QUIC_DRAIN_POLL_MS));
    }
    this.#endpoint = null;
    for (const connection of this.#connections.values()) this.#forget(connection);
    this.#connections.clear();
    // CONNECTION_CLOSE ("server shutdown") to every client, then the socket closes.
    endpoint.stop();
  }

  #forget(connection: QuicConnection): void {
    connection.markClosed();
    this.host.clients.remove(connection.session.clientId);
    this.host.onSessionClosed(connection.session);
  }
}
