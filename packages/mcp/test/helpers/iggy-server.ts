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

/** `env`: extra IGGY_* server settings (e.g. TLS), applied after the harness's own. */
export async function startIggyServer(env: Record<string, string> = {}): Promise<IggyTestServer> {
  const harness = (await import(HARNESS_URL.href)) as { startTestServer(options?: object): Promise<IggyTestServer> };
  return harness.startTestServer({ rootCredentials: true, env });
}
