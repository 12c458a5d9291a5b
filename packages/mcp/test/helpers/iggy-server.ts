// A real Iggy server for these tests, through the helper shared with iggy-connectors.
import { startIggyServer as startSharedIggyServer, type IggyTestServer } from '@iggy-node/tool-support/testing';

export type { IggyTestServer };

/** `env`: extra IGGY_* server settings (e.g. TLS), applied after the harness's own. */
export function startIggyServer(env: Record<string, string> = {}): Promise<IggyTestServer> {
  return startSharedIggyServer({ env });
}
