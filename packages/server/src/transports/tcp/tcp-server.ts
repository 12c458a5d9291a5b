/**
 * The TCP listener of one shard. With one shard it is a plain net.Server; with several, each
 * shard listens on the same port (SO_REUSEPORT, see platform/) — the kernel spreads accepts.
 *
 * Runs on: every shard thread that serves TCP.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { Logger } from 'pino';
import type { CommandDispatcher } from '../../handlers/command-dispatcher.js';
import type { ClientRegistry } from '../../session/client-registry.js';
import type { Session } from '../../session/session.js';
import { TcpConnection, type ConnectionHooks } from './tcp-connection.js';
import type { MigratedSessionState } from '../../session/client-registry.js';
import type { MemoryPool } from '../../memory/memory-pool.js';
import type { TlsMaterial } from './tls-material.js';

export class TcpServer {
  readonly #connections = new Set<TcpConnection>();
  #server: net.Server | null = null;

  constructor(
    private readonly dispatcher: CommandDispatcher,
    private readonly clients: ClientRegistry,
    private readonly logger: Logger,
    private readonly onSessionClosed: (session: Session) => void,
    private readonly onMigrate: (connection: TcpConnection, targetShardId: number) => void,
    private readonly pool: MemoryPool,
  ) {}

  /**
   * Listens on host:port (port 0 = any) and resolves the bound "host:port". With `tlsMaterial`
   * the port speaks only TLS (Iggy [tcp.tls]): a connection is adopted after its handshake, and
   * a client that fails the handshake (plain TCP, bad version) is dropped by node:tls.
   */
  listen(host: string, port: number, tlsMaterial: TlsMaterial | null = null, fd: number | null = null): Promise<string> {
    const server = tlsMaterial ? this.#createTlsServer(tlsMaterial) : net.createServer((socket) => this.adopt(socket));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      // With an fd the coordinator already bound this shard's SO_REUSEPORT socket.
      const options = fd === null ? { host, port, backlog: 1024 } : { fd };
      server.listen(options, () => {
        server.off('error', reject);
        const bound = server.address() as net.AddressInfo;
        resolve(bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`);
      });
    });
  }

  #createTlsServer(material: TlsMaterial): tls.Server {
    const server = tls.createServer({ cert: material.cert, key: material.key }, (socket) => this.adopt(socket));
    server.on('tlsClientError', (error, socket) => {
      this.logger.debug({ err: error.message, address: socket.remoteAddress }, 'TLS handshake failed: connection dropped');
      socket.destroy();
    });
    return server;
  }

  /** Serves a socket accepted here, or (with `migrated`) one that moved here from another shard. */
  adopt(socket: net.Socket, migrated: MigratedSessionState | null = null): TcpConnection {
    const hooks: ConnectionHooks = {
      onClosed: (c, moved) => {
        this.#connections.delete(c);
        // A moved connection keeps its consumer groups and session: nothing to clean up here.
        if (!moved) this.onSessionClosed(c.session);
      },
      onMigrate: (c, target) => this.onMigrate(c, target),
    };
    const connection = new TcpConnection(socket, this.dispatcher, this.clients, this.logger, hooks, this.pool, migrated);
    this.#connections.add(connection);
    return connection;
  }

  /** Closes every connection whose session matches (deleted user, silent client); returns how many. */
  closeConnections(predicate: (session: Session) => boolean): number {
    let closed = 0;
    for (const connection of this.#connections) {
      if (!predicate(connection.session)) continue;
      connection.close();
      closed++;
    }
    return closed;
  }

  get connectionsCount(): number {
    return this.#connections.size;
  }

  /** Stops accepting, tells every client we are going away (status 8) and waits for in-flight requests. */
  async close(drainTimeoutMs: number): Promise<void> {
    // Stop accepting now. net.Server.close() calls back only once every connection has ended,
    // so it must not be awaited before we tell those connections to go.
    const server = this.#server;
    const listenerClosed = server ? new Promise<void>((resolve) => server.close(() => resolve())) : Promise.resolve();
    const deadline = Date.now() + drainTimeoutMs;
    // Let requests already being handled finish and be answered (a send in flight is acked).
    while ([...this.#connections].some((c) => !c.idle) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // Iggy's unsolicited `disconnected` (8) frame, then a graceful end.
    for (const connection of this.#connections) connection.sendDisconnectedAndClose();
    const closed = Promise.race([listenerClosed, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref())]);
    await closed;
    for (const connection of this.#connections) connection.close();
  }

}
