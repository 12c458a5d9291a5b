/**
 * The shape of one HTTP route: a handler from a parsed request to a reply. Routes never see
 * node:http objects, so they read like the operations they call.
 */
import type { JsonValue } from '@iggy-node/protocol';
import type { AccessTokenIdentity } from './jwt/jwt-manager.js';
import type { HttpReply } from './http-reply.js';

export interface HttpRouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body, for routes that take one. */
  body: JsonValue | undefined;
  /** The verified caller; null only on public paths. */
  identity: AccessTokenIdentity | null;
  /** "ip:port" of the peer. */
  remoteAddress: string;
  /** The request's headers (lower-case names), for the few routes that negotiate (Accept). */
  headers: import('node:http').IncomingHttpHeaders;
}

export interface HttpRoute {
  /** The route reads a JSON body (415 without a JSON content type, 413 past max_request_size). */
  jsonBody?: boolean;
  handle(request: HttpRouteRequest): Promise<HttpReply> | HttpReply;
}

export interface RouteTable {
  add(method: string, pattern: string, route: HttpRoute): unknown;
}
