/**
 * The server's test harness (packages/server/test/helpers/test-server.ts), loaded from its
 * compiled location at run time: the SDK cannot depend on the server package (the server
 * depends on the SDK), but its high-level tests need a real server.
 */
import type { IggyClient } from '../../src/iggy-client.js';

export interface RealServer {
  tcpAddress: string;
  client(): Promise<IggyClient>;
  stop(): Promise<number | null>;
}

interface Harness {
  startTestServer(options?: { env?: Record<string, string> }): Promise<RealServer>;
}

const HARNESS_URL = new URL('../../../../server/dist/test/helpers/test-server.js', import.meta.url);

export async function startRealServer(env: Record<string, string> = {}): Promise<RealServer> {
  const harness = (await import(HARNESS_URL.href)) as Harness;
  return harness.startTestServer({ env });
}
