/**
 * CORS as Iggy 0.7 configures tower-http's CorsLayer from `[http.cors]`: every key honoured.
 * Any OPTIONS request is a preflight, answered here with 200 and no body (browsers preflight
 * every call, GETs included, since clients send `Authorization` and JSON content types); other
 * responses get the origin and exposed headers. `allowed_origins = ["*"]` allows any origin; with
 * `allow_credentials` the request's origin is echoed instead, since browsers refuse `*` then.
 *
 * Runs on: every shard that serves HTTP.
 */
import type { IncomingMessage } from 'node:http';
import type { HttpCorsConfig } from '../../config/server-config.js';

const KNOWN_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'CONNECT', 'PATCH', 'TRACE']);

export class CorsConfigError extends Error {}

export class CorsPolicy {
  readonly #anyOrigin: boolean;
  readonly #origins: Set<string>;
  readonly #methods: string;
  readonly #headers: string;
  readonly #exposed: string;

  constructor(private readonly config: HttpCorsConfig) {
    const nonEmpty = (list: string[]): string[] => list.map((item) => item.trim()).filter((item) => item.length > 0);
    const origins = nonEmpty(config.allowed_origins);
    this.#anyOrigin = origins[0] === '*';
    this.#origins = new Set(origins);
    const methods = nonEmpty(config.allowed_methods).map((method) => method.toUpperCase());
    for (const method of methods) if (!KNOWN_METHODS.has(method)) throw new CorsConfigError(`http.cors.allowed_methods: unknown method ${JSON.stringify(method)}`);
    for (const header of [...config.allowed_headers, ...config.exposed_headers]) {
      if (header.trim() !== '' && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(header.trim())) throw new CorsConfigError(`http.cors: invalid header name ${JSON.stringify(header)}`);
    }
    this.#methods = methods.join(',');
    this.#headers = nonEmpty(config.allowed_headers).join(',');
    this.#exposed = nonEmpty(config.exposed_headers).join(',');
  }

  get enabled(): boolean {
    return this.config.enabled;
  }

  #allowOrigin(origin: string | undefined): string | null {
    if (this.#anyOrigin) return this.config.allow_credentials && origin ? origin : '*';
    return origin !== undefined && this.#origins.has(origin) ? origin : null;
  }

  /** Headers for the answer to a preflight (any OPTIONS request). */
  preflightHeaders(request: IncomingMessage): Record<string, string> {
    const headers = this.#common(request);
    if (this.#methods) headers['access-control-allow-methods'] = this.#methods;
    if (this.#headers) headers['access-control-allow-headers'] = this.#headers;
    if (this.config.allow_private_network && request.headers['access-control-request-private-network'] === 'true') {
      headers['access-control-allow-private-network'] = 'true';
    }
    headers.vary = 'origin, access-control-request-method, access-control-request-headers';
    return headers;
  }

  /** Headers added to every other response. */
  responseHeaders(request: IncomingMessage): Record<string, string> {
    const headers = this.#common(request);
    if (this.#exposed) headers['access-control-expose-headers'] = this.#exposed;
    headers.vary = 'origin, access-control-request-method, access-control-request-headers';
    return headers;
  }

  #common(request: IncomingMessage): Record<string, string> {
    const headers: Record<string, string> = {};
    const origin = this.#allowOrigin(request.headers.origin);
    if (origin !== null) headers['access-control-allow-origin'] = origin;
    if (this.config.allow_credentials) headers['access-control-allow-credentials'] = 'true';
    return headers;
  }
}
