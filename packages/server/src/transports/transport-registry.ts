/**
 * The transports a shard can serve. To add one: implement ShardTransport (a binary transport
 * adapts bytes into BinaryConnection; a request/response transport calls shard/operations),
 * add its factory here, give the coordinator a listener plan for it if every shard should
 * accept (SO_REUSEPORT), and report its address in the ready message. The shard does the rest:
 * user deletion, the heartbeat verifier and shutdown reach every transport in this list.
 */
import type { ShardTransport, TransportHost } from './shard-transport.js';
import { TcpTransport } from './tcp/tcp-server.js';

/**
 * Resolves to null when the transport is off. WebSocket, HTTP and QUIC are imported only when
 * enabled: their module graphs (ws, jose and the routes, koffi) cost a shard about as much CPU
 * at start as the rest of it, which a server that does not serve them should not pay.
 */
export type TransportFactory = (host: TransportHost) => Promise<ShardTransport | null>;

export const TRANSPORT_FACTORIES: readonly TransportFactory[] = [
  async (host) => (host.config.tcp.enabled ? new TcpTransport(host) : null),
  async (host) => {
    if (!host.config.websocket.enabled) return null;
    const { WebSocketTransport } = await import('./websocket/websocket-transport.js');
    return new WebSocketTransport(host);
  },
  async (host) => {
    if (!host.config.http.enabled) return null;
    const { HttpTransport } = await import('./http/http-transport.js');
    return new HttpTransport(host);
  },
  // Only where the coordinator planned a QUIC socket (native endpoint built, see quic-listener-plan.ts).
  async (host) => {
    if (!host.config.quic.enabled || host.listenSpec('quic') === null) return null;
    const { QuicTransport } = await import('./quic/quic-transport.js');
    return new QuicTransport(host);
  },
];
