/**
 * The transports a shard can serve. To add one: implement ShardTransport (a binary transport
 * adapts bytes into BinaryConnection; a request/response transport calls shard/operations),
 * add its factory here, give the coordinator a listener plan for it if every shard should
 * accept (SO_REUSEPORT), and report its address in the ready message. The shard does the rest:
 * user deletion, the heartbeat verifier and shutdown reach every transport in this list.
 */
import type { ShardTransport, TransportHost } from './shard-transport.js';
import { TcpTransport } from './tcp/tcp-server.js';
import { WebSocketTransport } from './websocket/websocket-transport.js';

export type TransportFactory = (host: TransportHost) => ShardTransport | null;

export const TRANSPORT_FACTORIES: readonly TransportFactory[] = [
  (host) => (host.config.tcp.enabled ? new TcpTransport(host) : null),
  (host) => (host.config.websocket.enabled ? new WebSocketTransport(host) : null),
];
