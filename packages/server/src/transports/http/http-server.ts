/**
 * The HTTP API listener of one shard (decision: docs/decisions/20261206-http-transport.md):
 * node:http (or node:https with `[http.tls]`) on this shard's SO_REUSEPORT socket, and the
 * middleware order of Iggy 0.7's axum stack — count the request, CORS (any OPTIONS is a
 * preflight), JWT for every path but the public ones (an empty 401 otherwise), then the route,
 * with the body bounded by `max_request_size` (413) and errors rendered as Iggy's JSON error.
 *
 * HTTP requests create no client entries: a route runs its operation with a short-lived
 * session for the token's user, which is never registered and cannot join groups.
 *
 * Runs on: every shard that serves HTTP.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { IggyError, parseJson, type JsonValue } from '@iggy-node/protocol';
import type { HttpConfig } from '../../config/server-config.js';
import { CorsPolicy } from './cors-policy.js';
import { HttpRejection, iggyErrorReply } from './http-errors.js';
import { HTTP_CONNECTIONS_PER_SHARD_MAX, HTTP_HEADERS_TIMEOUT_MS, HTTP_KEEP_ALIVE_TIMEOUT_MS, HTTP_REQUEST_TIMEOUT_MS } from './http-limits.js';
import { emptyReply, textReply, type HttpReply } from './http-reply.js';
import type { HttpRoute } from './http-route.js';
import { HttpRouter } from './http-router.js';
import type { JwtManager } from './jwt/jwt-manager.js';

const BEARER = 'Bearer ';

export interface HttpServerOptions {
  config: HttpConfig;
  jwt: JwtManager;
  logger: Logger;
  /** PEM certificate and key when `[http.tls] enabled`. */
  tls: { cert: Uint8Array; key: Uint8Array } | null;
  /** Called once per request (the `http_requests` counter). */
  onRequest?: () => void;
}

export class HttpServer {
  readonly router = new HttpRouter<HttpRoute>();
  readonly #publicPaths: Set<string>;
  readonly #cors: CorsPolicy | null;
  readonly #server: http.Server;
  readonly #maxRequestBytes: number;

  constructor(private readonly options: HttpServerOptions) {
    const { config } = options;
    this.#publicPaths = new Set(['/', '/ping', '/health', '/users/login', '/users/refresh-token', '/personal-access-tokens/login', '/ui', config.metrics.endpoint || '/metrics']);
    this.#cors = config.cors.enabled ? new CorsPolicy(config.cors) : null;
    this.#maxRequestBytes = config.max_request_size;
    const serverOptions: http.ServerOptions = {
      headersTimeout: HTTP_HEADERS_TIMEOUT_MS,
      requestTimeout: HTTP_REQUEST_TIMEOUT_MS,
      keepAliveTimeout: HTTP_KEEP_ALIVE_TIMEOUT_MS,
    };
    const listener = (request: http.IncomingMessage, response: http.ServerResponse): void => void this.#serve(request, response);
    this.#server = options.tls
      ? https.createServer({ ...serverOptions, cert: Buffer.from(options.tls.cert), key: Buffer.from(options.tls.key) }, listener)
      : http.createServer(serverOptions, listener);
    this.#server.maxConnections = HTTP_CONNECTIONS_PER_SHARD_MAX;
  }

  /** Listens on an already bound fd (SO_REUSEPORT, opened by the coordinator) or host:port. */
  listen(host: string, port: number, fd: number | null): Promise<string> {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      const done = (): void => {
        this.#server.off('error', reject);
        const bound = this.#server.address() as AddressInfo;
        resolve(bound.family === 'IPv6' ? `[${bound.address}]:${bound.port}` : `${bound.address}:${bound.port}`);
      };
      if (fd === null) this.#server.listen({ host, port, backlog: 1024 }, done);
      else this.#server.listen({ fd }, done);
    });
  }

  /**
   * Stops accepting; idle keep-alive connections close now, requests in flight get until
   * `drainTimeoutMs` to finish before their connections are closed too.
   */
  close(drainTimeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeIdleConnections();
      setTimeout(() => this.#server.closeAllConnections(), drainTimeoutMs).unref();
    });
  }

  async #serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    this.options.onRequest?.();
    const cors = this.#cors;
    let extraHeaders: Record<string, string> = {};
    try {
      if (cors && request.method === 'OPTIONS') {
        this.#send(response, emptyReply(200), cors.preflightHeaders(request));
        request.resume();
        return;
      }
      if (cors) extraHeaders = cors.responseHeaders(request);
      const url = new URL(request.url ?? '/', 'http://localhost');
      let identity = null;
      if (!this.#publicPaths.has(url.pathname)) {
        const header = request.headers.authorization;
        identity = header?.startsWith(BEARER) ? await this.options.jwt.authenticate(header.slice(BEARER.length)) : null;
        if (identity === null) {
          request.resume();
          this.#send(response, emptyReply(401), extraHeaders);
          return;
        }
      }
      const match = this.router.match(request.method ?? 'GET', url.pathname);
      if (match === null || match === 'method_not_allowed') {
        request.resume();
        this.#send(response, emptyReply(match === null ? 404 : 405), extraHeaders);
        return;
      }
      let body: JsonValue | undefined;
      if (match.route.jsonBody) body = await this.#readJsonBody(request);
      else request.resume();
      const remoteAddress = `${request.socket.remoteAddress ?? ''}:${request.socket.remotePort ?? 0}`;
      const reply = await match.route.handle({ params: match.params, query: url.searchParams, body, identity, remoteAddress, headers: request.headers });
      this.#send(response, reply, extraHeaders);
    } catch (error) {
      this.#send(response, this.#errorReply(error, request), extraHeaders);
    }
  }

  #errorReply(error: unknown, request: http.IncomingMessage): HttpReply {
    if (IggyError.is(error)) return iggyErrorReply(error);
    if (error instanceof HttpRejection) {
      // A refused body may still be arriving: close the connection instead of reading it all.
      if (error.status === 413) return { ...textReply(error.message, 413), headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' } };
      return textReply(error.message, error.status);
    }
    this.options.logger.error({ err: error, method: request.method, url: request.url }, 'HTTP request failed unexpectedly');
    return textReply('Internal Server Error', 500);
  }

  /** The body as JSON: 415 without a JSON content type, 413 past max_request_size, 400 if unparsable. */
  async #readJsonBody(request: http.IncomingMessage): Promise<JsonValue> {
    const contentType = request.headers['content-type'] ?? '';
    if (!/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType)) {
      request.resume();
      throw new HttpRejection(415, 'Expected request with `Content-Type: application/json`');
    }
    const declared = Number(request.headers['content-length'] ?? 0);
    if (declared > this.#maxRequestBytes) throw new HttpRejection(413, 'Failed to buffer the request body: length limit exceeded');
    const chunks: Buffer[] = [];
    let received = 0;
    for await (const chunk of request as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > this.#maxRequestBytes) throw new HttpRejection(413, 'Failed to buffer the request body: length limit exceeded');
      chunks.push(chunk);
    }
    const text = Buffer.concat(chunks).toString('utf8');
    try {
      return parseJson(text);
    } catch (error) {
      throw new HttpRejection(400, `Failed to parse the request body as JSON: ${(error as Error).message}`);
    }
  }

  #send(response: http.ServerResponse, reply: HttpReply, extraHeaders: Record<string, string>): void {
    if (response.headersSent) return;
    const headers: Record<string, string | number> = { ...extraHeaders, ...reply.headers };
    const body = reply.body === undefined ? undefined : typeof reply.body === 'string' ? Buffer.from(reply.body, 'utf8') : reply.body;
    headers['content-length'] = body?.length ?? 0;
    response.writeHead(reply.status, headers);
    response.end(body);
  }
}
