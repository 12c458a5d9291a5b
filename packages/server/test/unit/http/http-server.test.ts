// The HTTP middleware stack on a real listener (port 0) with routes of our own: public paths,
// the empty-body 401 for missing/invalid/revoked tokens, CORS preflight and response headers,
// 404/405, 415 and 413 (max_request_size), IggyErrors as Iggy's JSON error with the right status,
// and HTTPS with a generated certificate.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ErrorCode, IggyError, stringifyJson } from '@iggy-node/protocol';
import pino from 'pino';
import { convertRawConfig } from '../../../src/config/convert-raw-config.js';
import { DEFAULT_RAW_CONFIG } from '../../../src/config/defaults.js';
import type { HttpConfig } from '../../../src/config/server-config.js';
import { HttpServer } from '../../../src/transports/http/http-server.js';
import { jsonReply, textReply } from '../../../src/transports/http/http-reply.js';
import { loadJwtKeys } from '../../../src/transports/http/jwt/jwt-keys.js';
import { JwtManager } from '../../../src/transports/http/jwt/jwt-manager.js';
import { generateSelfSignedCertificate } from '../../../src/transports/tcp/tls-self-signed.js';

const httpDefaults = (): HttpConfig => structuredClone(convertRawConfig(DEFAULT_RAW_CONFIG).config.http);

async function start(config = httpDefaults(), tls: { cert: Uint8Array; key: Uint8Array } | null = null) {
  const revoked = new Set<string>();
  const jwt = new JwtManager(config.jwt, await loadJwtKeys(config.jwt), {
    isRevoked: (id) => revoked.has(id),
    revoke: async (id) => !revoked.has(id) && Boolean(revoked.add(id)),
  }, () => true);
  let requests = 0;
  const server = new HttpServer({ config, jwt, logger: pino({ level: 'silent' }), tls, onRequest: () => requests++ });
  server.router.add('GET', '/ping', { handle: () => textReply('pong') });
  server.router.add('GET', '/streams/{stream_id}', { handle: (r) => jsonReply({ id: r.params.stream_id!, user: r.identity!.userId, big: 18446744073709551615n }) });
  server.router.add('POST', '/echo', { jsonBody: true, handle: (r) => jsonReply(r.body!) });
  server.router.add('GET', '/fail', {
    handle: () => {
      throw new IggyError(ErrorCode.StreamIdNotFound, 'stream 9');
    },
  });
  server.router.add('GET', '/forbidden', {
    handle: () => {
      throw new IggyError(ErrorCode.Unauthorized);
    },
  });
  const address = await server.listen('127.0.0.1', 0, null);
  const base = `${tls ? 'https' : 'http'}://${address}`;
  const token = (await jwt.issue(4)).token;
  return { server, base, token, jwt, revoked, requests: () => requests };
}

test('public paths need no token; others get an empty 401 without a valid bearer token', async () => {
  const { server, base, token, jwt } = await start();
  try {
    const ping = await fetch(`${base}/ping`);
    assert.equal(ping.status, 200);
    assert.equal(await ping.text(), 'pong');
    for (const authorization of [undefined, 'Basic abc', 'Bearer ', 'Bearer nonsense', `bearer ${token}`]) {
      const response = await fetch(`${base}/streams/1`, { headers: authorization ? { authorization } : {} });
      assert.equal(response.status, 401, String(authorization));
      assert.equal(await response.text(), '');
    }
    const unknown = await fetch(`${base}/no/such/path`);
    assert.equal(unknown.status, 401, 'authentication comes before routing, as in Iggy');
    const ok = await fetch(`${base}/streams/orders`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'application/json');
    assert.equal(await ok.text(), '{"id":"orders","user":4,"big":18446744073709551615}');
    await jwt.revoke((await jwt.authenticate(token))!);
    assert.equal((await fetch(`${base}/streams/1`, { headers: { authorization: `Bearer ${token}` } })).status, 401);
  } finally {
    await server.close(1000);
  }
});

test('404 and 405 after authentication; IggyErrors as {"id","code","reason","field"}', async () => {
  const { server, base, token } = await start();
  const auth = { authorization: `Bearer ${token}` };
  try {
    assert.equal((await fetch(`${base}/nothing`, { headers: auth })).status, 404);
    assert.equal((await fetch(`${base}/streams/1`, { method: 'DELETE', headers: auth })).status, 405);
    const notFound = await fetch(`${base}/fail`, { headers: auth });
    assert.equal(notFound.status, 404);
    const body = (await notFound.json()) as Record<string, unknown>;
    assert.equal(body.id, 1009);
    assert.equal(body.code, 'stream_id_not_found');
    assert.equal(body.field, 'stream_id');
    assert.equal(typeof body.reason, 'string');
    assert.deepEqual(Object.keys(body), ['id', 'code', 'reason', 'field']);
    const forbidden = await fetch(`${base}/forbidden`, { headers: auth });
    assert.equal(forbidden.status, 403);
    assert.equal(((await forbidden.json()) as { id: number }).id, 41);
  } finally {
    await server.close(1000);
  }
});

test('JSON bodies: 415 without a JSON content type, 413 past max_request_size, 400 unparsable, exact u64 echo', async () => {
  const config = httpDefaults();
  config.max_request_size = 64;
  const { server, base, token } = await start(config);
  const auth = { authorization: `Bearer ${token}` };
  try {
    const echoed = await fetch(`${base}/echo`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"v":18446744073709551615}' });
    assert.equal(echoed.status, 200);
    assert.equal(await echoed.text(), '{"v":18446744073709551615}');
    assert.equal((await fetch(`${base}/echo`, { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: '{}' })).status, 415);
    const big = stringifyJson({ v: 'x'.repeat(100) });
    assert.equal((await fetch(`${base}/echo`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: big })).status, 413);
    assert.equal((await fetch(`${base}/echo`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"v":' })).status, 400);
  } finally {
    await server.close(1000);
  }
});

test('CORS: any OPTIONS is a preflight answered with the configured lists; responses carry the origin', async () => {
  const config = httpDefaults();
  config.cors.allowed_origins = ['https://ui.example'];
  config.cors.exposed_headers = ['x-total'];
  config.cors.allow_credentials = true;
  config.cors.allow_private_network = true;
  const { server, base, token } = await start(config);
  try {
    const preflight = await fetch(`${base}/streams`, {
      method: 'OPTIONS',
      headers: { origin: 'https://ui.example', 'access-control-request-method': 'GET', 'access-control-request-private-network': 'true' },
    });
    assert.equal(preflight.status, 200);
    assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://ui.example');
    assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET,POST,PUT,DELETE');
    assert.equal(preflight.headers.get('access-control-allow-headers'), 'content-type,authorization');
    assert.equal(preflight.headers.get('access-control-allow-credentials'), 'true');
    assert.equal(preflight.headers.get('access-control-allow-private-network'), 'true');
    const other = await fetch(`${base}/streams/1`, { headers: { origin: 'https://evil.example', authorization: `Bearer ${token}` } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
    const allowed = await fetch(`${base}/streams/1`, { headers: { origin: 'https://ui.example', authorization: `Bearer ${token}` } });
    assert.equal(allowed.headers.get('access-control-allow-origin'), 'https://ui.example');
    assert.equal(allowed.headers.get('access-control-expose-headers'), 'x-total');
    const unauthorized = await fetch(`${base}/streams/1`, { headers: { origin: 'https://ui.example' } });
    assert.equal(unauthorized.status, 401);
    assert.equal(unauthorized.headers.get('access-control-allow-origin'), 'https://ui.example', 'a browser must be able to read the 401');
  } finally {
    await server.close(1000);
  }
  const off = httpDefaults();
  off.cors.enabled = false;
  const plain = await start(off);
  try {
    const response = await fetch(`${plain.base}/ping`, { method: 'OPTIONS', headers: { origin: 'https://ui.example' } });
    assert.equal(response.headers.get('access-control-allow-origin'), null);
    assert.equal(response.status, 405, 'no preflight without CORS: the router answers');
  } finally {
    await plain.server.close(1000);
  }
});

test('HTTPS with a certificate, and the request counter', async () => {
  const material = await generateSelfSignedCertificate('localhost');
  const { server, base, requests } = await start(httpDefaults(), material);
  try {
    const { request } = await import('node:https');
    const text = await new Promise<string>((resolve, reject) => {
      request(`${base}/ping`, { ca: material.cert, servername: 'localhost', checkServerIdentity: () => undefined }, (response) => {
        let data = '';
        response.on('data', (chunk: Buffer) => (data += chunk.toString()));
        response.on('end', () => resolve(data));
      })
        .on('error', reject)
        .end();
    });
    assert.equal(text, 'pong');
    assert.equal(requests(), 1);
  } finally {
    await server.close(1000);
  }
});
