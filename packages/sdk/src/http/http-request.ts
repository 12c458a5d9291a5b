/**
 * One HTTP exchange over a keep-alive agent (node:http / node:https, so a custom CA works), with
 * a timeout and a bounded response size. Error answers become IggyErrors as the Rust HTTP SDK
 * maps them: the JSON error body's id when there is one, else 401 → 40, 403 → 41, 404 → 20, and
 * anything else → 300 (http_error) with the body text.
 */
import http from 'node:http';
import https from 'node:https';
import { ErrorCode, IggyError, httpErrorFromJson, parseJson } from '@iggy-node/protocol';

export interface HttpTarget {
  /** "http://host:port" or "https://host:port" */
  baseUrl: string;
  agent: http.Agent;
  timeoutMs: number;
  responseBytesMax: number;
  /** PEM CA for a self-signed server certificate (https only). */
  ca?: string | Buffer;
  rejectUnauthorized?: boolean;
}

export interface HttpResult {
  status: number;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
}

const HTTP_ERROR = 300;

export function httpExchange(target: HttpTarget, method: string, path: string, body: string | undefined, token: string | null): Promise<HttpResult> {
  const url = new URL(path, target.baseUrl);
  const secure = url.protocol === 'https:';
  const headers: http.OutgoingHttpHeaders = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const options: https.RequestOptions = { method, headers, agent: target.agent, timeout: target.timeoutMs };
    if (secure) {
      if (target.ca) options.ca = target.ca;
      if (target.rejectUnauthorized === false) options.rejectUnauthorized = false;
    }
    const request = (secure ? https : http).request(url, options, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > target.responseBytesMax) {
          response.destroy();
          reject(new IggyError(ErrorCode.InvalidCommand, `HTTP response over ${target.responseBytesMax} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), headers: response.headers }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new IggyError(ErrorCode.Error, `HTTP ${method} ${path}: no answer within ${target.timeoutMs} ms`)));
    request.on('error', (error) => reject(IggyError.is(error) ? error : new IggyError(ErrorCode.CannotEstablishConnection, `${method} ${url.href}: ${error.message}`)));
    request.end(body);
  });
}

/** The IggyError an error answer stands for. */
export function errorOf(result: HttpResult): IggyError {
  const text = result.body.toString('utf8');
  if (text.startsWith('{')) {
    try {
      const error = httpErrorFromJson(parseJson(text));
      return new IggyError(error.id === 404 ? ErrorCode.ResourceNotFound : error.id, error.reason);
    } catch {
      // not Iggy's error body: fall through to the status
    }
  }
  if (result.status === 401) return new IggyError(ErrorCode.Unauthenticated);
  if (result.status === 403) return new IggyError(ErrorCode.Unauthorized);
  if (result.status === 404) return new IggyError(ErrorCode.ResourceNotFound);
  return new IggyError(HTTP_ERROR, `HTTP ${result.status}: ${text.slice(0, 500)}`);
}
