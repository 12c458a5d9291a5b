// Server-level [http] settings: HTTPS with a generated self-signed certificate (the same one on
// every shard), CORS lists from the environment, a custom metrics endpoint, max_request_size,
// and the start-up warning when Iggy's published JWT secret is used on a non-loopback address.
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { test } from 'node:test';
import { httpCall, startHttpTestServer } from '../../helpers/http-test-server.js';

function httpsGet(url: string): Promise<{ status: number; text: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    request(url, { rejectUnauthorized: false, agent: false }, (response) => {
      let text = '';
      const fingerprint = (response.socket as import('node:tls').TLSSocket).getPeerCertificate().fingerprint256;
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text, fingerprint }));
    })
      .on('error', reject)
      .end();
  });
}

test('http: https with a self-signed certificate shared by every shard', async (t) => {
  const server = await startHttpTestServer({ shardCount: 2, https: true, env: { IGGY_HTTP_TLS_ENABLED: 'true', IGGY_HTTP_TLS_SELF_SIGNED: 'true', IGGY_HTTP_TLS_CERT_FILE: '/nonexistent/cert.pem' } });
  t.after(() => server.stop());
  const fingerprints = new Set<string>();
  for (let attempt = 0; attempt < 6; attempt++) {
    const answer = await httpsGet(`${server.httpBase}/ping`);
    assert.equal(answer.status, 200);
    assert.equal(answer.text, 'pong');
    fingerprints.add(answer.fingerprint);
  }
  assert.equal(fingerprints.size, 1, 'one certificate on every shard');
});

test('http: CORS lists, metrics endpoint and max_request_size from the configuration; default-secret warning', async (t) => {
  const server = await startHttpTestServer({
    env: {
      IGGY_HTTP_ADDRESS: '0.0.0.0:0',
      IGGY_HTTP_CORS_ALLOWED_ORIGINS: '[https://ui.example]',
      IGGY_HTTP_CORS_ALLOWED_METHODS: '[GET]',
      IGGY_HTTP_METRICS_ENDPOINT: '/prometheus',
      IGGY_HTTP_MAX_REQUEST_SIZE: '1 KB',
    },
  });
  t.after(() => server.stop());
  const base = server.httpBase.replace('0.0.0.0', '127.0.0.1');
  const preflight = await httpCall(base, 'OPTIONS', '/streams', { headers: { origin: 'https://ui.example', 'access-control-request-method': 'GET' } });
  assert.equal(preflight.status, 200);
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://ui.example');
  assert.equal(preflight.headers.get('access-control-allow-methods'), 'GET');
  assert.equal((await httpCall(base, 'GET', '/prometheus')).status, 200);
  assert.equal((await httpCall(base, 'GET', '/metrics')).status, 401, 'the old path is not public any more');
  const big = await httpCall(base, 'POST', '/users/login', { body: JSON.stringify({ username: 'iggy', password: 'x'.repeat(2000) }) });
  assert.equal(big.status, 413);
  assert.match(server.stdout() + server.stderr(), /default secret/);
});
