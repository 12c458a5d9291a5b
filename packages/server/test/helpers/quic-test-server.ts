import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { IggyClient, type IggyClientOptions } from '@iggy-node/sdk';
import { loadQuicNative, quicNativeUnavailableReason } from '@iggy-node/quic-native';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

export interface QuicTestServer {
  server: TestServer;
  quicPort: number;
  /** A client over QUIC with the stock Rust SDK's settings, logged in as iggy/iggy. */
  quicClient(options?: Partial<IggyClientOptions>): Promise<IggyClient>;
}

/** Why QUIC tests cannot run here (the native endpoint is not built), or null. */
export function quicUnavailable(): string | null {
  return loadQuicNative() ? null : `QUIC native endpoint not built: ${quicNativeUnavailableReason()}`;
}

/** A test server that also serves QUIC on 127.0.0.1:0; the bound port comes from current_config.toml. */
export async function startQuicTestServer(options: TestServerOptions = {}): Promise<QuicTestServer> {
  const server = await startTestServer({
    ...options,
    env: { IGGY_QUIC_ENABLED: 'true', IGGY_QUIC_ADDRESS: '127.0.0.1:0', ...options.env },
  });
  const runtime = parseToml(readFileSync(join(server.dataDir, 'runtime', 'current_config.toml'), 'utf8')) as { quic: { address: string } };
  const quicPort = Number(runtime.quic.address.slice(runtime.quic.address.lastIndexOf(':') + 1));
  if (!(quicPort > 0)) throw new Error(`server did not report a QUIC port (quic.address ${runtime.quic.address})`);
  const clients: IggyClient[] = [];
  const stop = server.stop.bind(server);
  server.stop = async (...args) => {
    await Promise.all(clients.map((client) => client.close().catch(() => {})));
    return stop(...args);
  };
  return {
    server,
    quicPort,
    async quicClient(clientOptions = {}) {
      const client = new IggyClient({
        host: '127.0.0.1',
        port: quicPort,
        transport: 'quic',
        credentials: { username: 'iggy', password: 'iggy' },
        heartbeatIntervalMs: 0,
        ...clientOptions,
      });
      clients.push(client);
      await client.connect();
      return client;
    },
  };
}
