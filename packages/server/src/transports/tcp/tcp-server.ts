/**
 * The TCP listener of one shard. With one shard it is a plain net.Server; with several, each
 * shard listens on the same port (SO_REUSEPORT, see platform/) — the kernel spreads accepts.
 *
 * Runs on: every shard thread that serves TCP.
 */
import net from 'node:net';
import type { Logger } from 'pino';
import type { CommandDispatcher } from '../../handlers/command-dispatcher.js';
import type { ClientRegistry } from '../../session/client-registry.js';
import { TcpConnection } from './tcp-connection.js';

export class TcpServer {
  readonly #connections = new Set<TcpConnection>();
  #server: net.Server | null = null;

  constructor(
    private readonly dispatcher: CommandDispatcher,
    private readonly clients: ClientRegistry,
    private readonly logger: Logger,
  ) {}

  /** Listens on host:port (port 0 = any) and resolves the bound "host:port". */
  listen(host: string, port: number): Promise<string> {
    const server = net.createServer((socket) => this.adopt(socket));
    this.#server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port, backlog: 1024 }, () => {
        server.off('error', reject);
        const bound = server.address() as net.AddressInfo;
        resolve(bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`);
      });
    });
  }

  adopt(socket: net.Socket): TcpConnection {
    const connection = new TcpConnection(socket, this.dispatcher, this.clients, this.logger, (c) => this.#connections.delete(c));
    this.#connections.add(connection);
    return connection;
  }

  get connectionsCount(): number {
    return this.#connections.size;
  }

  /** Stops accepting, tells every client we are going away (status 8) and waits for in-flight requests. */
  async close(drainTimeoutMs: number): Promise<void> {
    const server = this.#server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    const deadline = Date.now() + drainTimeoutMs;
    while ([...this.#connections].some((c) => !c.idle) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const connection of this.#connections) connection.sendDisconnectedAndClose();
  }
}
