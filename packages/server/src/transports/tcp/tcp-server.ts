/**
 * The TCP transport of one shard. With one shard it is a plain net.Server; with several, each
 * shard listens on the same port (SO_REUSEPORT, see platform/) — the kernel spreads accepts.
 * With [tcp.tls] the port speaks only TLS. Plain TCP connections may move to the shard that owns
 * their data (tcp.socket_migration): the binary core reports each request's affinity and this
 * adapter decides.
 *
 * Runs on: every shard thread that serves TCP.
 */
import net from 'node:net';
import tls from 'node:tls';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import { formatHostPort } from '../../config/host-port.js';
import { closeFd } from '../../platform/file-descriptor.js';
import { platformSupport } from '../../platform/platform-support.js';
import { InPlaceSocketReader, openInPlaceSocket, reopenInPlace } from './in-place-socket-reader.js';
import type { MigratedSessionState } from '../../session/client-registry.js';
import type { Session } from '../../session/session.js';
import { BinaryConnectionSet } from '../binary/connection-set.js';
import type { ShardTransport, TransportHost } from '../shard-transport.js';
import { TcpConnection, type ConnectionHooks } from './tcp-connection.js';
import { applyTcpSocketOptions } from './tcp-socket-options.js';
import { loadTlsMaterial, type TlsMaterial } from './tls-material.js';

export class TcpTransport implements ShardTransport {
  readonly name = 'tcp' as const;
  readonly #connections = new BinaryConnectionSet();
  readonly #migrationEnabled: boolean;
  #server: net.Server | null = null;
  /** Set when shutdown begins: no connection is adopted any more. */
  #stopping = false;

  constructor(private readonly host: TransportHost) {
    const { config } = host;
    this.#migrationEnabled = host.shard.bus.shardCount > 1 && config.tcp.socket_migration && platformSupport().socketHandoff;
  }

  async listen(): Promise<string | null> {
    const spec = this.host.listenSpec('tcp');
    if (!spec) return null;
    const material = this.host.config.tcp.tls.enabled ? await loadTlsMaterial(this.host.config.tcp.tls, this.host.logger) : null;
    // Plain TCP: accepted paused, then re-opened with onread (in-place-socket-reader.ts).
    const server = material ? this.#createTlsServer(material) : net.createServer({ pauseOnConnect: true });
    // [tcp.socket]: on the raw TCP socket, before any TLS handshake.
    server.on('connection', (raw: net.Socket) => {
      applyTcpSocketOptions(raw, this.host.config.tcp.socket, this.host.logger);
      if (!material) this.#adoptAccepted(raw);
    });
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      // With an fd the coordinator already bound this shard's SO_REUSEPORT socket.
      const options = spec.fd === null ? { host: spec.host, port: spec.port, backlog: 1024 } : { fd: spec.fd };
      server.listen(options, () => {
        server.off('error', reject);
        const bound = server.address() as net.AddressInfo;
        resolve(formatHostPort(bound.address, bound.port));
      });
    });
  }

  /**
   * A connection is adopted after its TLS handshake; a client that fails the handshake (plain
   * TCP, bad version) is dropped by node:tls.
   */
  #createTlsServer(material: TlsMaterial): tls.Server {
    const server = tls.createServer({ cert: material.cert, key: material.key }, (socket) => this.adopt(socket));
    server.on('tlsClientError', (error, socket) => {
      this.host.logger.debug({ err: error.message, address: socket.remoteAddress }, 'TLS handshake failed: connection dropped');
      socket.destroy();
    });
    return server;
  }

  /** Serves a socket accepted here, or (with `migrated`) one that moved here from another shard. */
  adopt(
    socket: net.Socket,
    migrated: MigratedSessionState | null = null,
    reader: InPlaceSocketReader | null = null,
    leftover: readonly Uint8Array[] = [],
  ): TcpConnection {
    const hooks: ConnectionHooks = {
      onClosed: (c, moved) => {
        this.#connections.delete(c.core);
        // A moved connection keeps its consumer groups and session: nothing to clean up here.
        if (!moved) this.host.onSessionClosed(c.session);
      },
      onAffinity: (c, shardId) => this.#maybeMigrate(c, shardId),
    };
    const { dispatcher, clients, logger, pool } = this.host;
    const connection = new TcpConnection(socket, dispatcher, clients, logger, hooks, pool, migrated, reader, leftover);
    // TcpConnection turns TCP_NODELAY on; a configured value wins (also after a migration).
    const socketOptions = this.host.config.tcp.socket;
    if (socketOptions.override_defaults) socket.setNoDelay(socketOptions.nodelay);
    this.#connections.add(connection.core);
    return connection;
  }

  /** A plain TCP socket accepted here: read in place when it has an fd, else as it is. */
  #adoptAccepted(raw: net.Socket): void {
    const reader = new InPlaceSocketReader();
    let socket: net.Socket | null = null;
    try {
      socket = reopenInPlace(raw, reader);
    } catch (error) {
      this.host.logger.debug({ err: error }, 'accepted socket not re-opened for in-place reads');
    }
    if (socket === null) {
      if (raw.destroyed) return;
      this.adopt(raw);
      raw.resume();
      return;
    }
    this.adopt(socket, null, reader);
  }

  /** A socket another shard handed over (bus request `adoptConnection`). */
  adoptMigrated(fd: number, leftover: Uint8Array[], session: MigratedSessionState): void {
    // Refused (the sender closes the fd): this shard is already draining.
    if (this.#stopping) throw new IggyError(ErrorCode.Disconnected, `shard ${this.host.shard.id} does not take connections now`);
    const reader = new InPlaceSocketReader();
    this.adopt(openInPlaceSocket(fd, reader), session, reader, leftover);
    this.host.shard.metrics.connectionsMigratedIn++;
  }

  /** Moves a connection next to its data once; later requests elsewhere are forwarded. */
  #maybeMigrate(connection: TcpConnection, shardId: number): boolean {
    const session = connection.session;
    if (!this.#migrationEnabled || this.#stopping || shardId === this.host.shard.id) return false;
    if (session.migrated || session.joinedGroups.length > 0) return false;
    session.migrated = true;
    void this.#migrate(connection, shardId);
    return true;
  }

  /**
   * detach here (dup'd fd plus the bytes read but not handled), adopt there. If the hand-off
   * fails the connection is closed; the client reconnects and nothing it was acknowledged for is lost.
   */
  async #migrate(connection: TcpConnection, targetShardId: number): Promise<void> {
    const { bus, metrics } = this.host.shard;
    let detached;
    try {
      detached = await connection.detach();
    } catch (error) {
      this.host.logger.debug({ err: error, clientId: connection.session.clientId }, 'socket migration: connection closed during detach');
      return;
    }
    try {
      await bus.sendToShard(targetShardId, { kind: 'adoptConnection', fd: detached.fd, leftover: detached.leftover, session: detached.session });
      metrics.connectionsMigratedOut++;
    } catch (error) {
      // Only an explicit refusal means the target never took the fd; after a timeout it may
      // still adopt it, and closing here could close a number the kernel has reused.
      if (IggyError.is(error) && error.code === ErrorCode.Disconnected) closeFd(detached.fd);
      this.host.logger.error({ err: error, clientId: detached.session.clientId, targetShardId }, 'socket migration: target did not adopt the connection');
    }
  }

  closeConnections(predicate: (session: Session) => boolean): number {
    return this.#connections.closeMatching(predicate);
  }

  get connectionsCount(): number {
    return this.#connections.size;
  }

  async close(drainTimeoutMs: number): Promise<void> {
    this.#stopping = true;
    // net.Server.close() calls back only once every connection has ended, so it must not be
    // awaited before we tell those connections to go.
    const server = this.#server;
    const listenerClosed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    await this.#connections.drain(drainTimeoutMs, listenerClosed);
  }
}
