// Streamable HTTP transport for iggy-mcp: [http] address and path, optional CORS and TLS.
// Stateless: every POST gets its own McpServer and transport (the tools keep no per-session
// state; the Iggy connection is shared), so no session table can grow without bound.
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { parseHostPort } from './config-file.js';
import type { McpServerConfig } from './config.js';
import { HTTP_BODY_BYTES_MAX, HTTP_CONCURRENT_REQUESTS_MAX } from './limits.js';
import { createMcpServer } from './mcp-server.js';
import type { ToolContext } from './tools/index.js';

export interface McpHttpServer {
  /** Bound address (port resolved when configured as 0). */
  address: { host: string; port: number };
  close(): Promise<void>;
}

export async function startMcpHttpServer(httpConfig: McpServerConfig['http'], context: ToolContext, log: (line: string) => void): Promise<McpHttpServer> {
  const { host, port } = parseHostPort(httpConfig.address, '[http] address');
  let inFlight = 0;
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    if (applyCors(httpConfig.cors, request, response)) return;
    const path = (request.url ?? '/').split('?')[0];
    if (path !== httpConfig.path) return sendJsonError(response, 404, `no MCP endpoint at ${path}; use ${httpConfig.path}`);
    if (request.method !== 'POST') {
      response.setHeader('allow', 'POST');
      return sendJsonError(response, 405, 'this stateless MCP endpoint accepts POST only');
    }
    if (inFlight >= HTTP_CONCURRENT_REQUESTS_MAX) return sendJsonError(response, 503, 'too many concurrent MCP requests');
    inFlight++;
    response.once('close', () => inFlight--);
    handlePost(request, response, context).catch((error: unknown) => {
      log(`MCP HTTP request failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!response.headersSent) sendJsonError(response, 500, 'internal error');
      else response.destroy();
    });
  };
  const server: Server = httpConfig.tls.enabled
    ? createHttpsServer({ cert: readFileSync(httpConfig.tls.cert_file), key: readFileSync(httpConfig.tls.key_file) }, handler)
    : createHttpServer(handler);
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

async function handlePost(request: IncomingMessage, response: ServerResponse, context: ToolContext): Promise<void> {
  const body = await readBody(request, HTTP_BODY_BYTES_MAX);
  if (body === null) return sendJsonError(response, 413, `request body over ${HTTP_BODY_BYTES_MAX} bytes`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return sendJsonRpcError(response, 400, -32700, 'Parse error: the body is not JSON');
  }
  const mcp = createMcpServer(context);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  response.once('close', () => {
    void transport.close();
    void mcp.close();
  });
  await mcp.connect(transport);
  await transport.handleRequest(request, response, parsed);
}

/** null when the body is larger than `limit` (the rest is not read). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        request.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

/** Sets the CORS headers; true when the request was a preflight and is answered. */
function applyCors(cors: McpServerConfig['http']['cors'], request: IncomingMessage, response: ServerResponse): boolean {
  if (!cors.enabled) return false;
  const origin = request.headers.origin;
  const anyOrigin = cors.allowed_origins.includes('*');
  if (origin && (anyOrigin || cors.allowed_origins.includes(origin))) {
    response.setHeader('access-control-allow-origin', anyOrigin && !cors.allow_credentials ? '*' : origin);
    if (!anyOrigin || cors.allow_credentials) response.setHeader('vary', 'origin');
    if (cors.allow_credentials) response.setHeader('access-control-allow-credentials', 'true');
    const exposed = cors.exposed_headers.filter((name) => name !== '');
    // The session and protocol headers must be readable by a browser client.
    response.setHeader('access-control-expose-headers', [...exposed, 'mcp-session-id', 'mcp-protocol-version'].join(', '));
  }
  if (request.method !== 'OPTIONS') return false;
  response.setHeader('access-control-allow-methods', cors.allowed_methods.join(', '));
  const allowedHeaders = [...cors.allowed_headers, 'mcp-session-id', 'mcp-protocol-version', 'accept'];
  response.setHeader('access-control-allow-headers', allowedHeaders.join(', '));
  if (cors.allow_private_network && request.headers['access-control-request-private-network'] === 'true') {
    response.setHeader('access-control-allow-private-network', 'true');
  }
  response.writeHead(204).end();
  return true;
}

function sendJsonError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: message }));
}

function sendJsonRpcError(response: ServerResponse, status: number, code: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
