// The server's own test harness (packages/server/test/helpers/test-server.ts), loaded from its
// compiled location at run time: the tool packages depend only on the SDK, not on the server's
// sources, yet their tests must run the real server exactly as the server's tests do.
// Published as @iggy-node/tool-support/testing for the tools' tests.
import type { IggyClient } from '@iggy-node/sdk';

export interface IggyTestServer {
  host: string;
  port: number;
  tcpAddress: string;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
  client(): Promise<IggyClient>;
}

export interface IggyServerOptions {
  /** Extra IGGY_* settings (e.g. TLS, or a fixed IGGY_TCP_ADDRESS for a restart on the same port). */
  env?: Record<string, string>;
  /** Reuse this data directory (a restart); the harness never removes it. */
  dataDir?: string;
}

const HARNESS_URL = new URL('../../../../server/dist/test/helpers/test-server.js', import.meta.url);

/** A real server on port 0 with a temp data dir (unless `dataDir`), root credentials on. */
export async function startIggyServer(options: IggyServerOptions = {}): Promise<IggyTestServer> {
  const harness = (await import(HARNESS_URL.href)) as { startTestServer(options?: object): Promise<IggyTestServer> };
  return harness.startTestServer({ rootCredentials: true, ...options });
}
