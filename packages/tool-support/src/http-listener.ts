// The HTTP(S) listener both tools open on their [http] section: bind host:port (0 = any free
// port), TLS from cert and key files when [http.tls] enabled, and CORS headers from [http.cors].
// What is served stays with each tool; this is only the socket plumbing.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { parseHostPort } from './config-file.js';

export interface CorsConfig {
  enabled: boolean;
  allowed_methods: string[];
  allowed_origins: string[];
  allowed_headers: string[];
  exposed_headers: string[];
  allow_credentials: boolean;
  allow_private_network: boolean;
}

export interface HttpTlsConfig {
  enabled: boolean;
  cert_file: string;
  key_file: string;
}

/** Iggy's [http.cors] defaults for its tools: off; when turned on, any origin. */
export function defaultCorsConfig(): CorsConfig {
  return {
    enabled: false,
    allowed_methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowed_origins: ['*'],
    allowed_headers: ['content-type'],
    exposed_headers: [],
    allow_credentials: false,
    allow_private_network: false,
  };
}

/** Iggy's [http.tls] defaults: off; the file paths are those of Iggy's repository layout. */
export function defaultHttpTlsConfig(): HttpTlsConfig {
  return { enabled: false, cert_file: 'core/certs/iggy_cert.pem', key_file: 'core/certs/iggy_key.pem' };
}

export interface HttpListener {
  /** Bound address (port resolved when configured as 0). */
  address: { host: string; port: number };
  close(): Promise<void>;
}

/** Listens on `address` ("host:port"); resolves once bound, rejects when binding fails. */
export async function startHttpListener(address: string, tls: HttpTlsConfig, handler: RequestListener): Promise<HttpListener> {
  const { host, port } = parseHostPort(address, '[http] address');
  const server: Server = tls.enabled ? createHttpsServer({ cert: readFileSync(tls.cert_file), key: readFileSync(tls.key_file) }, handler) : createHttpServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  return {
    address: { host: bound.address, port: bound.port },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** What a tool adds to the configured CORS lists. */
export interface CorsExtras {
  /** Always exposed, after the configured ones (e.g. MCP's session headers). */
  exposedHeaders: string[];
  /** Always allowed in a preflight, after the configured ones (e.g. api-key). */
  allowedHeaders: string[];
  /** Send `vary: origin` when the allowed origin depends on the request's. */
  varyOnOrigin: boolean;
}

/** Sets the CORS headers; true when the request was a preflight and is answered (204). */
export function applyCors(cors: CorsConfig, extras: CorsExtras, request: IncomingMessage, response: ServerResponse): boolean {
  if (!cors.enabled) return false;
  const origin = request.headers.origin;
  const anyOrigin = cors.allowed_origins.includes('*');
  if (origin && (anyOrigin || cors.allowed_origins.includes(origin))) {
    response.setHeader('access-control-allow-origin', anyOrigin && !cors.allow_credentials ? '*' : origin);
    if (extras.varyOnOrigin && (!anyOrigin || cors.allow_credentials)) response.setHeader('vary', 'origin');
    if (cors.allow_credentials) response.setHeader('access-control-allow-credentials', 'true');
    const exposed = [...cors.exposed_headers.filter((name) => name !== ''), ...extras.exposedHeaders];
    if (exposed.length > 0) response.setHeader('access-control-expose-headers', exposed.join(', '));
  }
  if (request.method !== 'OPTIONS') return false;
  response.setHeader('access-control-allow-methods', cors.allowed_methods.join(', '));
  response.setHeader('access-control-allow-headers', [...cors.allowed_headers, ...extras.allowedHeaders].join(', '));
  if (cors.allow_private_network && request.headers['access-control-request-private-network'] === 'true') {
    response.setHeader('access-control-allow-private-network', 'true');
  }
  response.writeHead(204).end();
  return true;
}
