/**
 * A transport as the shard sees it. The shard holds a list of them (built from
 * transport-registry.ts) and treats them alike: start listening, close the connections of a
 * deleted user or of a silent client, report the bound address (ready message and
 * runtime/current_config.toml), and shut down. Domain logic is never here: binary transports
 * run the binary command table through BinaryConnection; HTTP routes call shard/operations.
 */
import type { Logger } from 'pino';
import type { ServerConfig } from '../config/server-config.js';
import type { MemoryPool } from '../memory/memory-pool.js';
import type { ClientRegistry } from '../session/client-registry.js';
import type { Session } from '../session/session.js';
import type { ShardServices, TransportName } from '../shard/operations/context.js';
import type { BinaryDispatcher } from './binary/binary-dispatcher.js';
import type { AccessTokenRevocations } from './http/jwt/access-token-revocations.js';
import type { MetricsScrape } from './http/routes/route-support.js';

/** Where a shard listens: a host:port, or the SO_REUSEPORT socket the coordinator bound for it. */
export interface ListenSpec {
  host: string;
  port: number;
  /** fd of a socket already bound by the coordinator (SO_REUSEPORT), or null to bind host:port. */
  fd: number | null;
  /** PEM certificate and key chosen by the coordinator (QUIC), the same on every shard. */
  certificate?: { cert: string; key: string };
}

export interface ShardTransport {
  readonly name: TransportName;
  /** Starts serving; resolves the bound "host:port", or null where this shard does not listen. */
  listen(): Promise<string | null>;
  /** Closes every connection whose session matches (deleted user, silent client); returns how many. */
  closeConnections(predicate: (session: Session) => boolean): number;
  /** Stops accepting, answers what is in flight, tells clients (status 8) and closes them. */
  close(drainTimeoutMs: number): Promise<void>;
}

/** What a transport gets from its shard: nothing more. */
export interface TransportHost {
  readonly shard: ShardServices;
  readonly config: ServerConfig;
  readonly logger: Logger;
  readonly dispatcher: BinaryDispatcher;
  readonly clients: ClientRegistry;
  readonly pool: MemoryPool;
  /** This shard's listener for the transport (null: serve only connections handed over, or none). */
  listenSpec(name: TransportName): ListenSpec | null;
  /** A connection of this shard closed (not moved): it leaves its consumer groups. */
  onSessionClosed(session: Session): void;
  /** HTTP: revoked access tokens, shared by every shard through the control plane. */
  readonly accessTokens: AccessTokenRevocations;
  /** HTTP: the server's Prometheus text, rendered by the coordinator. */
  renderMetrics(openMetrics: boolean): Promise<MetricsScrape>;
  /** Storage health of the whole server as JSON (200 healthy, 503 not), rendered by the coordinator. */
  renderHealth(): Promise<MetricsScrape>;
}
