/**
 * The HTTP API as a shard transport: this shard's HttpServer on its own SO_REUSEPORT socket
 * (every shard accepts HTTP connections, as for TCP), with every route of http-api.md §4 calling
 * shard/operations. It holds no sessions: nothing to close for a deleted user or a silent client
 * (a deleted user's tokens fail at the next request, since the operations check the user).
 *
 * Runs on: every shard (with `[http] enabled`).
 */
import { readFile } from 'node:fs/promises';
import type { ShardTransport, TransportHost } from '../shard-transport.js';
import { HttpServer } from './http-server.js';
import { loadJwtKeys } from './jwt/jwt-keys.js';
import { JwtManager } from './jwt/jwt-manager.js';
import { tokenHolderCheckOf } from './jwt/token-holder.js';
import { allHttpRoutes } from './routes/all-routes.js';

export class HttpTransport implements ShardTransport {
  readonly name = 'http' as const;
  #server: HttpServer | null = null;

  constructor(private readonly host: TransportHost) {}

  async listen(): Promise<string | null> {
    const { host } = this;
    const spec = host.listenSpec('http');
    if (spec === null) return null;
    const config = host.config.http;
    await host.accessTokens.load();
    const shard = host.shard;
    const jwt = new JwtManager(config.jwt, await loadJwtKeys(config.jwt), host.accessTokens, tokenHolderCheckOf(() => shard.metadata));
    // Same files on every shard (bootstrap writes a generated self-signed pair once, when asked).
    const tls = config.tls.enabled ? { cert: await readFile(config.tls.cert_file), key: await readFile(config.tls.key_file) } : null;
    const server = new HttpServer({ config, jwt, logger: host.logger, tls, onRequest: () => shard.metrics.httpRequests++ });
    for (const [method, pattern, route] of allHttpRoutes({ shard, config: host.config, jwt, logger: host.logger, renderMetrics: host.renderMetrics, renderHealth: host.renderHealth })) {
      server.router.add(method, pattern, route);
    }
    this.#server = server;
    return server.listen(spec.host, spec.port, spec.fd);
  }

  closeConnections(): number {
    return 0;
  }

  async close(drainTimeoutMs: number): Promise<void> {
    this.host.accessTokens.stop();
    await this.#server?.close(drainTimeoutMs);
  }
}
