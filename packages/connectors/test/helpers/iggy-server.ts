// The server's own test harness (packages/server/test/helpers/test-server.ts), loaded from its
// compiled location at run time: this package depends only on the SDK, not on the server's
// sources, yet its tests must run the real server exactly as the server's tests do.
import type { IggyClient } from '@iggy-node/sdk';

export interface IggyTestServer {
  host: string;
  port: number;
  tcpAddress: string;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  client(): Promise<IggyClient>;
}

const HARNESS_URL = new URL('../../../../server/dist/test/helpers/test-server.js', import.meta.url);

export interface IggyServerOptions {
  /** Extra IGGY_* settings, e.g. a fixed IGGY_TCP_ADDRESS for a restart on the same port. */
  env?: Record<string, string>;
  /** Reuse this data directory (a restart); the harness never removes it. */
  dataDir?: string;
}

export async function startIggyServer(options: IggyServerOptions = {}): Promise<IggyTestServer> {
  const harness = (await import(HARNESS_URL.href)) as { startTestServer(options?: object): Promise<IggyTestServer> };
  return harness.startTestServer({ rootCredentials: true, ...options });
}
