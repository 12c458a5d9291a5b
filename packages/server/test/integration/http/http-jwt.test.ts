// JWT over the real server (http-api.md §2): expired, tampered, wrong audience and issuer,
// refreshed twice, revoked (logout) then used — on every shard of a 2-shard server, with fresh
// connections so the kernel spreads them — and revoked across a restart. Each refusal is
// checked with its documented status and code.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rmSync } from 'node:fs';
import { SignJWT } from 'jose';
import { httpCall, httpLogin, startHttpTestServer } from '../../helpers/http-test-server.js';

const DEFAULT_SECRET = new TextEncoder().encode('top_secret$iggy123$_jwt_HS256_key#!');
const fresh = { connection: 'close' };

function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

async function forge(claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(DEFAULT_SECRET);
}

test('http jwt: tampered, wrong audience/issuer, expired, refresh once, logout on every shard', async (t) => {
  const server = await startHttpTestServer({ shardCount: 2 });
  t.after(() => server.stop());
  const base = server.httpBase;
  const token = await httpLogin(base);
  const claims = claimsOf(token);
  assert.equal(claims.sub, 0);
  assert.equal(typeof claims.jti, 'string');

  const status = async (bearer: string) => (await httpCall(base, 'GET', '/streams', { token: bearer, headers: fresh })).status;
  assert.equal(await status(token), 200);
  const [h, , s] = token.split('.');
  assert.equal(await status(`${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 1 })).toString('base64url')}.${s}`), 401, 'tampered payload');
  const now = Math.floor(Date.now() / 1000);
  const valid = { jti: 'forged-1', iss: 'iggy.apache.org', aud: 'iggy.apache.org', sub: 0, iat: now, exp: now + 60, nbf: now };
  assert.equal(await status(await forge(valid)), 200, 'the control case: a well-formed token with the default secret');
  assert.equal(await status(await forge({ ...valid, aud: 'elsewhere' })), 401, 'wrong audience');
  assert.equal(await status(await forge({ ...valid, iss: 'elsewhere' })), 401, 'wrong issuer');
  assert.equal(await status(await forge({ ...valid, iat: now - 120, nbf: now - 120, exp: now - 60 })), 401, 'expired beyond the 5 s clock skew');

  // Refresh once: the old token is revoked, a second refresh is 401 with 78.
  const refresh = (old: string) => httpCall(base, 'POST', '/users/refresh-token', { body: JSON.stringify({ token: old }), headers: fresh });
  const first = await refresh(token);
  assert.equal(first.status, 200);
  const renewed = (JSON.parse(first.text) as { access_token: { token: string } }).access_token.token;
  const second = await refresh(token);
  assert.equal(second.status, 401);
  assert.equal((JSON.parse(second.text) as { id: number }).id, 78);
  const expiredRefresh = await refresh(await forge({ ...valid, jti: 'forged-2', iat: now - 120, nbf: now - 120, exp: now - 60 }));
  assert.equal(expiredRefresh.status, 401);
  assert.equal((JSON.parse(expiredRefresh.text) as { id: number }).id, 40);
  assert.equal((JSON.parse((await refresh('')).text) as { id: number }).id, 78);
  for (let attempt = 0; attempt < 6; attempt++) assert.equal(await status(token), 401, 'the refreshed token is revoked on every shard');

  // Logout revokes; every shard refuses the token afterwards.
  assert.equal(await status(renewed), 200);
  assert.equal((await httpCall(base, 'DELETE', '/users/logout', { token: renewed })).status, 204);
  for (let attempt = 0; attempt < 6; attempt++) assert.equal(await status(renewed), 401);
  const afterLogout = await refresh(renewed);
  assert.equal(afterLogout.status, 401);
  assert.equal((JSON.parse(afterLogout.text) as { id: number }).id, 78);
});

test('http jwt: a token expires after access_token_expiry (clock skew 0)', async (t) => {
  const server = await startHttpTestServer({ env: { IGGY_HTTP_JWT_ACCESS_TOKEN_EXPIRY: '1s', IGGY_HTTP_JWT_CLOCK_SKEW: '0s' } });
  t.after(() => server.stop());
  const token = await httpLogin(server.httpBase);
  const { exp, iat } = claimsOf(token) as { exp: number; iat: number };
  assert.equal(exp - iat, 1);
  // Poll with a deadline (no fixed sleep): the token must stop working within a few seconds.
  const deadline = Date.now() + 10_000;
  let last = 200;
  while (Date.now() < deadline && last === 200) {
    last = (await httpCall(server.httpBase, 'GET', '/streams', { token })).status;
    if (last === 200) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(last, 401);
});

test('http jwt: a logged-out token stays revoked across a restart', async (t) => {
  const first = await startHttpTestServer({ keepDataDir: true });
  let stopped = false;
  t.after(async () => {
    if (!stopped) await first.stop();
  });
  const token = await httpLogin(first.httpBase);
  assert.equal((await httpCall(first.httpBase, 'DELETE', '/users/logout', { token })).status, 204);
  assert.equal(await first.stop(), 0);
  stopped = true;
  const second = await startHttpTestServer({ dataDir: first.dataDir });
  t.after(async () => {
    await second.stop();
    rmSync(first.dataDir, { recursive: true, force: true });
  });
  assert.equal((await httpCall(second.httpBase, 'GET', '/streams', { token })).status, 401, 'revoked before the restart');
  assert.equal((await httpCall(second.httpBase, 'GET', '/streams', { token: await httpLogin(second.httpBase) })).status, 200);
});

test('http jwt: a user created after start-up is served on every shard (each checks the token holder in its current metadata)', async (t) => {
  const server = await startHttpTestServer({ shardCount: 2 });
  t.after(() => server.stop());
  const base = server.httpBase;
  const root = await httpLogin(base);
  const created = await httpCall(base, 'POST', '/users', { token: root, headers: fresh, body: JSON.stringify({ username: 'late', password: 'secret', status: 'active', permissions: null }) });
  assert.equal(created.status, 200, created.text);
  const id = (JSON.parse(created.text) as { id: number }).id;
  const token = await httpLogin(base, 'late', 'secret');
  // A new connection per request: SO_REUSEPORT spreads them over both shards, so 32 requests
  // all landing on one shard has odds of 2^-31. Reading one's own user is always allowed.
  const statuses = new Set<number>();
  for (let i = 0; i < 32; i++) statuses.add((await httpCall(base, 'GET', `/users/${id}`, { token, headers: fresh })).status);
  assert.deepEqual([...statuses], [200]);
});
