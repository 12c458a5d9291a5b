// Which transport the SDK-level integration tests speak: IGGY_TEST_TRANSPORT (default "tcp").
// A test written against `connectClient` runs unchanged over every transport the SDK and the
// server offer; a transport named here that this build cannot speak fails the test loudly
// instead of quietly testing TCP again.
import { IggyClient, type Credentials, type IggyClientOptions } from '@iggy-node/sdk';
import type { TestServer } from './test-server.js';

export type TestTransport = 'tcp';

/** Transports the harness can run today; WebSocket and HTTP join when their SDK clients land. */
const SUPPORTED_TRANSPORTS: readonly TestTransport[] = ['tcp'];

export function testTransport(): TestTransport {
  const name = process.env.IGGY_TEST_TRANSPORT ?? 'tcp';
  if (!(SUPPORTED_TRANSPORTS as readonly string[]).includes(name)) {
    throw new Error(`IGGY_TEST_TRANSPORT=${name}: this build's SDK and harness support only ${SUPPORTED_TRANSPORTS.join(', ')}`);
  }
  return name as TestTransport;
}

/**
 * A client over the test transport that never reconnects or pings in the background, so a
 * refused command shows its real status. Logs in when credentials are given.
 */
export async function connectClient(server: TestServer, credentials?: Credentials, extra: Partial<IggyClientOptions> = {}): Promise<IggyClient> {
  testTransport(); // only tcp today: the options below are the TCP ones
  const client = new IggyClient({
    host: server.host,
    port: server.port,
    credentials,
    reconnect: { enabled: false, retries: 0, intervalMs: 0 },
    heartbeatIntervalMs: 0,
    ...extra,
  });
  await client.connect();
  return client;
}
