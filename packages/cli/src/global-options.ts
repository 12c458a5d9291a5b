import type { OutputFormat } from './output/output.js';

/** Options every command takes; defaults come from IGGY_* environment variables as in Iggy's CLI. */
export interface GlobalArgs {
  transport: 'tcp' | 'ws';
  tcpServerAddress: string;
  websocketServerAddress: string;
  username: string;
  password: string;
  token: string | undefined;
  tls: boolean;
  tlsCaFile: string | undefined;
  tlsDomain: string | undefined;
  quiet: boolean;
  output: OutputFormat;
}

export const TCP_SERVER_ADDRESS_DEFAULT = '127.0.0.1:8090';
export const WEBSOCKET_SERVER_ADDRESS_DEFAULT = '127.0.0.1:8092';

/** yargs option specs; `env` is read at call time so tests can pass their own. */
export function globalOptions(env: NodeJS.ProcessEnv) {
  return {
    transport: {
      choices: ['tcp', 'ws'] as const,
      default: (env['IGGY_TRANSPORT'] === 'ws' ? 'ws' : 'tcp') as 'tcp' | 'ws',
      describe: 'Transport: tcp, or ws (WebSocket) (env IGGY_TRANSPORT)',
      global: true,
    },
    'websocket-server-address': {
      type: 'string',
      default: env['IGGY_WEBSOCKET_SERVER_ADDRESS'] ?? WEBSOCKET_SERVER_ADDRESS_DEFAULT,
      describe: 'WebSocket server address host:port, with --transport ws (env IGGY_WEBSOCKET_SERVER_ADDRESS)',
      global: true,
    },
    'tcp-server-address': {
      type: 'string',
      default: env['IGGY_TCP_SERVER_ADDRESS'] ?? TCP_SERVER_ADDRESS_DEFAULT,
      describe: 'Server address host:port (env IGGY_TCP_SERVER_ADDRESS)',
      global: true,
    },
    username: { type: 'string', default: env['IGGY_USERNAME'] ?? 'iggy', describe: 'User name (env IGGY_USERNAME)', global: true },
    password: { type: 'string', default: env['IGGY_PASSWORD'] ?? 'iggy', describe: 'Password (env IGGY_PASSWORD)', global: true },
    token: { type: 'string', describe: 'Log in with this personal access token instead of user/password', global: true },
    tls: { type: 'boolean', default: false, describe: 'Connect with TLS', global: true },
    'tls-ca-file': { type: 'string', describe: 'PEM file with the CA that signed the server certificate', global: true },
    'tls-domain': { type: 'string', describe: 'Server name to verify the certificate against', global: true },
    quiet: { type: 'boolean', default: false, describe: 'Print results only, no status lines', global: true },
    output: { choices: ['table', 'json'] as const, default: 'table' as const, describe: 'Result format', global: true },
  } as const;
}
