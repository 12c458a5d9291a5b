/**
 * Where the server address, credentials and TLS settings of a command come from, first match
 * wins: the flag; the IGGY_* variable; the context's login session (`iggy login`, only for
 * the server it was made for); the context's own settings; the defaults (127.0.0.1:8090, iggy/iggy).
 */
import type { ContextConfig } from './context/context-store.js';
import type { LoginSession } from './context/session-store.js';
import { HTTP_API_URL_DEFAULT, PASSWORD_DEFAULT, QUIC_SERVER_ADDRESS_DEFAULT, TCP_SERVER_ADDRESS_DEFAULT, USERNAME_DEFAULT, WEBSOCKET_SERVER_ADDRESS_DEFAULT, type GlobalArgs } from './global-options.js';

export type Credentials = { username: string; password: string } | { token: string };

export interface ConnectionSettings {
  transport: 'tcp' | 'ws' | 'http' | 'quic';
  /** host:port, or the base URL of the REST API for http. */
  address: string;
  credentials: Credentials;
  /** Where the credentials came from, for error messages. */
  credentialSource: 'arguments' | 'environment' | 'session' | 'context' | 'default';
  tls: { caFile: string | undefined; domain: string | undefined; insecure: boolean } | null;
}

export function resolveTransport(args: GlobalArgs, env: NodeJS.ProcessEnv, context: ContextConfig): 'tcp' | 'ws' | 'http' | 'quic' {
  const chosen = args.transport ?? env['IGGY_TRANSPORT'] ?? context.transport;
  if (chosen === 'http' || chosen === 'quic') return chosen;
  return chosen === 'ws' || chosen === 'websocket' ? 'ws' : 'tcp';
}

export function resolveAddress(args: GlobalArgs, env: NodeJS.ProcessEnv, context: ContextConfig): string {
  const transport = resolveTransport(args, env, context);
  if (transport === 'http') return args.httpApiUrl ?? env['IGGY_HTTP_API_URL'] ?? context.http_api_url ?? HTTP_API_URL_DEFAULT;
  if (transport === 'quic') return args.quicServerAddress ?? env['IGGY_QUIC_SERVER_ADDRESS'] ?? context.quic_server_address ?? QUIC_SERVER_ADDRESS_DEFAULT;
  if (transport === 'ws') {
    return args.websocketServerAddress ?? env['IGGY_WEBSOCKET_SERVER_ADDRESS'] ?? context.websocket_server_address ?? WEBSOCKET_SERVER_ADDRESS_DEFAULT;
  }
  return args.tcpServerAddress ?? env['IGGY_TCP_SERVER_ADDRESS'] ?? context.tcp_server_address ?? TCP_SERVER_ADDRESS_DEFAULT;
}

export function resolveConnectionSettings(
  args: GlobalArgs,
  env: NodeJS.ProcessEnv,
  context: ContextConfig,
  session: LoginSession | null,
): ConnectionSettings {
  const address = resolveAddress(args, env, context);
  let credentials: Credentials;
  let credentialSource: ConnectionSettings['credentialSource'];
  if (args.token !== undefined) {
    credentials = { token: args.token };
    credentialSource = 'arguments';
  } else if (args.username !== undefined || args.password !== undefined) {
    credentials = {
      username: args.username ?? env['IGGY_USERNAME'] ?? context.username ?? USERNAME_DEFAULT,
      password: args.password ?? env['IGGY_PASSWORD'] ?? context.password ?? PASSWORD_DEFAULT,
    };
    credentialSource = 'arguments';
  } else if (env['IGGY_TOKEN']) {
    credentials = { token: env['IGGY_TOKEN'] };
    credentialSource = 'environment';
  } else if (env['IGGY_USERNAME'] !== undefined || env['IGGY_PASSWORD'] !== undefined) {
    credentials = {
      username: env['IGGY_USERNAME'] ?? context.username ?? USERNAME_DEFAULT,
      password: env['IGGY_PASSWORD'] ?? context.password ?? PASSWORD_DEFAULT,
    };
    credentialSource = 'environment';
  } else if (session && session.server === address) {
    credentials = { token: session.token };
    credentialSource = 'session';
  } else if (context.token !== undefined) {
    credentials = { token: context.token };
    credentialSource = 'context';
  } else if (context.username !== undefined || context.password !== undefined) {
    credentials = { username: context.username ?? USERNAME_DEFAULT, password: context.password ?? PASSWORD_DEFAULT };
    credentialSource = 'context';
  } else {
    credentials = { username: USERNAME_DEFAULT, password: PASSWORD_DEFAULT };
    credentialSource = 'default';
  }
  const caFile = args.tlsCaFile ?? context.tcp_tls_ca_file;
  const insecure = args.tlsInsecure ?? context.tcp_tls_insecure ?? false;
  const enabled = args.tls ?? context.tcp_tls_enabled ?? (caFile !== undefined || insecure);
  const tls = enabled ? { caFile, domain: args.tlsDomain ?? context.tcp_tls_domain, insecure } : null;
  return { transport: resolveTransport(args, env, context), address, credentials, credentialSource, tls };
}
