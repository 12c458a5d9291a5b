import type { OutputFormat } from './output/output.js';

/**
 * Options every command takes. Connection options have no yargs default: a value comes from the
 * flag, else the IGGY_* variable, else the login session or the context, else the default
 * (connection-settings.ts), so the CLI can tell what was given.
 */
export interface GlobalArgs {
  transport: 'tcp' | 'ws' | 'http' | 'quic' | undefined;
  httpApiUrl: string | undefined;
  tcpServerAddress: string | undefined;
  websocketServerAddress: string | undefined;
  quicServerAddress: string | undefined;
  username: string | undefined;
  password: string | undefined;
  token: string | undefined;
  context: string | undefined;
  tls: boolean | undefined;
  tlsCaFile: string | undefined;
  tlsDomain: string | undefined;
  tlsInsecure: boolean | undefined;
  quiet: boolean;
  output: OutputFormat;
}

export const TCP_SERVER_ADDRESS_DEFAULT = '127.0.0.1:8090';
export const WEBSOCKET_SERVER_ADDRESS_DEFAULT = '127.0.0.1:8092';
export const HTTP_API_URL_DEFAULT = 'http://127.0.0.1:3000';
export const USERNAME_DEFAULT = 'iggy';
export const PASSWORD_DEFAULT = 'iggy';
export const QUIC_SERVER_ADDRESS_DEFAULT = '127.0.0.1:8080';

/** yargs option specs (Iggy's names, with Iggy's short flags -u -p -t -q). */
export function globalOptions() {
  return {
    transport: {
      choices: ['tcp', 'ws', 'http', 'quic'] as const,
      describe: 'Transport: tcp, ws (WebSocket), http (REST API) or quic (env IGGY_TRANSPORT)',
      defaultDescription: 'tcp',
      global: true,
    },
    'http-api-url': {
      type: 'string',
      describe: 'HTTP API base URL, with --transport http (env IGGY_HTTP_API_URL)',
      defaultDescription: HTTP_API_URL_DEFAULT,
      global: true,
    },
    'websocket-server-address': {
      type: 'string',
      describe: 'WebSocket server address host:port, with --transport ws (env IGGY_WEBSOCKET_SERVER_ADDRESS)',
      defaultDescription: WEBSOCKET_SERVER_ADDRESS_DEFAULT,
      global: true,
    },
    'quic-server-address': {
      type: 'string',
      describe: 'QUIC server address host:port, with --transport quic (env IGGY_QUIC_SERVER_ADDRESS)',
      defaultDescription: QUIC_SERVER_ADDRESS_DEFAULT,
      global: true,
    },
    'tcp-server-address': {
      type: 'string',
      describe: 'Server address host:port (env IGGY_TCP_SERVER_ADDRESS)',
      defaultDescription: TCP_SERVER_ADDRESS_DEFAULT,
      global: true,
    },
    username: { alias: 'u', type: 'string', describe: 'User name (env IGGY_USERNAME)', defaultDescription: 'iggy', global: true },
    password: { alias: 'p', type: 'string', describe: 'Password (env IGGY_PASSWORD)', defaultDescription: 'iggy', global: true },
    token: { alias: 't', type: 'string', describe: 'Log in with this personal access token (env IGGY_TOKEN)', global: true },
    context: { type: 'string', describe: 'Use this context instead of the active one (env IGGY_CONTEXT)', global: true },
    tls: { alias: 'tcp-tls-enabled', type: 'boolean', describe: 'Connect with TLS', defaultDescription: 'false', global: true },
    'tls-ca-file': { alias: 'tcp-tls-ca-file', type: 'string', describe: 'Trust this PEM certificate/CA (e.g. the server data dir\'s tls/self_signed_cert.pem); implies --tls', global: true },
    'tls-domain': { alias: 'tcp-tls-domain', type: 'string', describe: 'Server name to verify the certificate against', defaultDescription: 'the host', global: true },
    'tls-insecure': { type: 'boolean', describe: 'Do not verify the server certificate (testing only); implies --tls', global: true },
    quiet: { alias: 'q', type: 'boolean', default: false, describe: 'Print results only, no status lines', global: true },
    output: { choices: ['table', 'json'] as const, default: 'table' as const, describe: 'Result format: human-readable table, or raw JSON', global: true },
  } as const;
}
