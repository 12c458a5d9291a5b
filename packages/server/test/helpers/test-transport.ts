// SDK-level integration tests connect through `connectClient`, which speaks the harness's
// transport (IGGY_TEST_TRANSPORT: tcp, ws or quic; see test-server.ts), so the same test runs
// unchanged over every binary transport the server serves.
import type { Credentials, IggyClient, IggyClientOptions } from '@iggy-node/sdk';
import type { TestServer } from './test-server.js';

/**
 * A client over the test transport that never reconnects or pings in the background, so a
 * refused command shows its real status. Logs in when credentials are given; closed by
 * server.stop() like the harness's other clients.
 */
export async function connectClient(server: TestServer, credentials?: Credentials, extra: Partial<IggyClientOptions> = {}): Promise<IggyClient> {
  return server.client({
    credentials,
    reconnect: { enabled: false, retries: 0, intervalMs: 0 },
    heartbeatIntervalMs: 0,
    ...extra,
  });
}
