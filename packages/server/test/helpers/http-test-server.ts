/**
 * A test server with the HTTP API on (127.0.0.1, port 0) and its bound HTTP address, plus a
 * tiny JSON client for route tests: exact bodies (text), status codes, and a login helper.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';

export interface HttpTestServer extends TestServer {
  /** "http://host:port" (or https). */
  httpBase: string;
}

export async function startHttpTestServer(options: TestServerOptions & { https?: boolean } = {}): Promise<HttpTestServer> {
  const server = await startTestServer({
    ...options,
    env: { IGGY_HTTP_ENABLED: 'true', IGGY_HTTP_ADDRESS: '127.0.0.1:0', ...options.env },
  });
  const runtime = parseToml(readFileSync(join(server.dataDir, 'runtime', 'current_config.toml'), 'utf8')) as { http: { address: string } };
  return Object.assign(server, { httpBase: `${options.https ? 'https' : 'http'}://${runtime.http.address}` });
}

export interface HttpAnswer {
  status: number;
  text: string;
  headers: Headers;
}

/** One request with an optional bearer token and JSON body text. */
export async function httpCall(base: string, method: string, path: string, options: { token?: string; body?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] ??= 'application/json';
  const response = await fetch(`${base}${path}`, { method, headers, body: options.body });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

export async function httpLogin(base: string, username = 'iggy', password = 'iggy'): Promise<string> {
  const answer = await httpCall(base, 'POST', '/users/login', { body: JSON.stringify({ username, password }) });
  if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
  return (JSON.parse(answer.text) as { access_token: { token: string } }).access_token.token;
}

/** Replaces the values of the named numeric fields with 0 so a shape can be compared as text. */
export function normalise(text: string, fields: string[]): string {
  let out = text;
  for (const field of fields) out = out.replace(new RegExp(`"${field}":\\d+`, 'g'), `"${field}":0`);
  return out;
}
