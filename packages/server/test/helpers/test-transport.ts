// SDK-level integration tests connect through `connectClient`, which speaks the harness's
// transport (IGGY_TEST_TRANSPORT: tcp, ws, quic or http; see test-server.ts), so the same test
// runs unchanged over every transport the server serves. A test that needs a binary connection
// (raw frames, get_me, group membership, heartbeats) uses `connectBinaryClient`, or skips over
// HTTP with `binaryOnlyOverHttp(reason)`.
import type { Credentials, IggyClient, IggyClientOptions } from '@iggy-node/sdk';
import type { HarnessClient, HarnessClientOptions, TestServer } from './test-server.js';

/** Never reconnect or ping in the background, so a refused command shows its real status. */
const PLAIN_CLIENT_OPTIONS = { reconnect: { enabled: false, retries: 0, intervalMs: 0 }, heartbeatIntervalMs: 0 };

/**
 * A client over the harness transport, typed as the commands every transport offers. Logs in
 * when credentials are given; closed by server.stop() like the harness's other clients.
 */
export async function connectClient(server: TestServer, credentials?: Credentials, extra: HarnessClientOptions = {}): Promise<HarnessClient> {
  return server.client({ credentials, ...PLAIN_CLIENT_OPTIONS, ...extra });
}

/** A binary-protocol client (the harness transport, or TCP when that is HTTP); otherwise as connectClient. */
export async function connectBinaryClient(server: TestServer, credentials?: Credentials, extra: Partial<IggyClientOptions> = {}): Promise<IggyClient> {
  return server.binaryClient({ credentials, ...PLAIN_CLIENT_OPTIONS, ...extra });
}

/**
 * The transport the harness would give a server started now (IGGY_TEST_TRANSPORT), known before
 * any server starts, so a suite can decide at definition time what to skip.
 */
export function harnessTransport(): string {
  return process.env.IGGY_TEST_TRANSPORT || 'tcp';
}

/**
 * node:test `skip` value for a test whose subject exists only in the binary protocol: the reason
 * (shown in the test report as "# SKIP binary-only: …") when the harness transport is HTTP,
 * false otherwise. Use only where Iggy 0.7's HTTP API has no such operation or concept.
 */
export function binaryOnlyOverHttp(reason: string): string | false {
  return harnessTransport() === 'http' ? `binary-only: ${reason}` : false;
}

/**
 * node:test `skip` value for a test that never speaks the harness transport (it starts no harness
 * client, or pins plain TCP on purpose): it runs in the tcp pass, and a matrix pass (ws, http,
 * quic) would only repeat it, at the cost of npm test's wall time.
 */
export function tcpPassOnly(reason: string): string | false {
  return harnessTransport() === 'tcp' ? false : `transport-independent: ${reason}; runs in the tcp pass`;
}
