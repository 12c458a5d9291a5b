import { loadQuicNative, quicNativeUnavailableReason } from '@iggy-node/quic-native';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

export interface QuicTestServer {
  server: TestServer;
  quicPort: number;
  /** A client over QUIC (the Rust SDK's settings unless overridden), logged in as iggy/iggy. */
  quicClient: TestServer['binaryClient'];
}

/** Why QUIC tests cannot run here (the native endpoint is not built), or null. */
export function quicUnavailable(): string | null {
  return loadQuicNative() ? null : `QUIC native endpoint not built: ${quicNativeUnavailableReason()}`;
}

/** A test server that also serves QUIC on 127.0.0.1:0; its harness clients connect over QUIC. */
export async function startQuicTestServer(options: TestServerOptions = {}): Promise<QuicTestServer> {
  const server = await startTestServer({ ...options, transport: 'quic' });
  const quicPort = Number(server.quicAddress?.slice(server.quicAddress.lastIndexOf(':') + 1));
  if (!(quicPort > 0)) throw new Error(`server did not report a QUIC address (${server.quicAddress})`);
  return { server, quicPort, quicClient: (clientOptions = {}) => server.binaryClient({ heartbeatIntervalMs: 0, ...clientOptions }) };
}
