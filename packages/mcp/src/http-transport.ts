// Streamable HTTP transport for iggy-mcp: [http] address and path, optional CORS and TLS.
// Stateless: every POST gets its own McpServer and transport (the tools keep no per-session
// state; the Iggy connection is shared), so no session table can grow without bound.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { applyCors, startHttpListener, type CorsExtras, type HttpListener } from '@iggy-node/tool-support';
import type { McpServerConfig } from './config.js';
import { HTTP_BODY_BYTES_MAX, HTTP_CONCURRENT_REQUESTS_MAX } from './limits.js';
import { createMcpServer } from './mcp-server.js';
import type { ToolContext } from './tools/index.js';

export type McpHttpServer = HttpListener;

/** The session and protocol headers must be readable by, and sendable from, a browser client. */
const MCP_CORS_EXTRAS: CorsExtras = {
  exposedHeaders: ['mcp-session-id', 'mcp-protocol-version'],
  allowedHeaders: ['mcp-session-id', 'mcp-protocol-version', 'accept'],
  varyOnOrigin: true,
};

export async function startMcpHttpServer(httpConfig: McpServerConfig['http'], context: ToolContext, log: (line: string) => void): Promise<McpHttpServer> {
  let inFlight = 0;
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    if (applyCors(httpConfig.cors, MCP_CORS_EXTRAS, request, response)) return;
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
  return startHttpListener(httpConfig.address, httpConfig.tls, handler);
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

function sendJsonError(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: message }));
}

function sendJsonRpcError(response: ServerResponse, status: number, code: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
