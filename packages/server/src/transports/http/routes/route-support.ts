/**
 * What every route file shares: the per-request operation context (a session for the token's
 * user that is never registered: HTTP requests create no client entries and cannot join
 * groups), path-id and query parsing with Iggy's rules, and the route dependencies.
 */
import { ErrorCode, IggyError, parseHttpIdentifier, type Identifier } from '@iggy-node/protocol';
import type { Logger } from 'pino';
import type { ServerConfig } from '../../../config/server-config.js';
import type { OperationContext, ShardServices } from '../../../shard/operations/context.js';
import { Session, TRANSPORT_HTTP } from '../../../session/session.js';
import type { HttpRoute, HttpRouteRequest } from '../http-route.js';
import type { JwtManager } from '../jwt/jwt-manager.js';

export interface MetricsScrape {
  status: number;
  contentType: string;
  body: string;
}

export interface HttpRouteDeps {
  shard: ShardServices;
  config: ServerConfig;
  jwt: JwtManager;
  logger: Logger;
  /** The Prometheus text of the whole server (rendered by the coordinator). */
  renderMetrics: (openMetrics: boolean) => Promise<MetricsScrape>;
  /** Storage health as JSON (ours, not Iggy's): 200 while every partition and the state log write, else 503. */
  renderHealth: () => Promise<MetricsScrape>;
}

export type RouteEntry = [method: string, pattern: string, route: HttpRoute];

/** HTTP sessions carry no client id of their own (Iggy: `Session::stateless`). */
const HTTP_CLIENT_ID = 0;

export function operationContext(deps: HttpRouteDeps, request: HttpRouteRequest): OperationContext {
  const session = new Session(HTTP_CLIENT_ID, TRANSPORT_HTTP, request.remoteAddress);
  session.userId = request.identity?.userId ?? null;
  return { shard: deps.shard, session };
}

/** A path id: a u32 is a numeric id, anything else a name (6 when empty or > 255 bytes). */
export function pathId(request: HttpRouteRequest, name: string): Identifier {
  return parseHttpIdentifier(request.params[name] ?? '');
}

/** A u32 query parameter with a default; anything else is 400 (axum's query rejection). */
export function queryU32(request: HttpRouteRequest, name: string, fallback: number): number {
  const text = request.query.get(name);
  if (text === null) return fallback;
  if (!/^\d{1,10}$/.test(text) || Number(text) > 0xffff_ffff) throw new IggyError(ErrorCode.InvalidFormat, `query parameter ${name}=${JSON.stringify(text)}`);
  return Number(text);
}

export function queryU64(request: HttpRouteRequest, name: string, fallback: bigint): bigint {
  const text = request.query.get(name);
  if (text === null) return fallback;
  if (!/^\d{1,20}$/.test(text) || BigInt(text) > 0xffff_ffff_ffff_ffffn) throw new IggyError(ErrorCode.InvalidFormat, `query parameter ${name}=${JSON.stringify(text)}`);
  return BigInt(text);
}

export function queryBool(request: HttpRouteRequest, name: string, fallback: boolean): boolean {
  const text = request.query.get(name);
  if (text === null) return fallback;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new IggyError(ErrorCode.InvalidFormat, `query parameter ${name}=${JSON.stringify(text)}`);
}

/** `consumer_id` (query or path): numeric text is a numeric id, else a name; default 1. */
export function consumerId(text: string | null): Identifier {
  return text === null ? 1 : parseHttpIdentifier(text);
}
