// JwtManager against http-api.md §2: issued claims, and each refusal — expired, tampered, wrong
// audience or issuer, wrong algorithm, refreshed twice, revoked then used, revoked across a
// restart (the store reloaded from its file) — with a fake clock and a real store in a temp dir.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IggyError } from '@iggy-node/protocol';
import { convertRawConfig } from '../../../src/config/convert-raw-config.js';
import { DEFAULT_RAW_CONFIG } from '../../../src/config/defaults.js';
import type { HttpJwtConfig } from '../../../src/config/server-config.js';
import { loadJwtKeys, usesDefaultSecret } from '../../../src/transports/http/jwt/jwt-keys.js';
import { JwtManager, tokenIssuedAtMs, type RevocationLedger } from '../../../src/transports/http/jwt/jwt-manager.js';
import { RevokedTokenStore, revokedTokensPath } from '../../../src/transports/http/jwt/revoked-token-store.js';

const defaults = (): HttpJwtConfig => structuredClone(convertRawConfig(DEFAULT_RAW_CONFIG).config.http.jwt);

function ledgerOf(store: RevokedTokenStore): RevocationLedger {
  return { isRevoked: (id) => store.tokens.has(id), revoke: (id, expiry) => store.revoke(id, expiry) };
}

async function setup(config = defaults(), dir = mkdtempSync(join(tmpdir(), 'iggy-jwt-'))) {
  let now = 1_800_000_000;
  const store = RevokedTokenStore.load(revokedTokensPath(dir), now);
  // Users that exist, with the ms they were created at (every id exists from the start unless set).
  const users = new Map<number, number | null>();
  const holderIsCurrent = (userId: number, issuedAtMs: number) => {
    const createdAtMs = users.has(userId) ? users.get(userId)! : 0;
    return createdAtMs !== null && createdAtMs <= issuedAtMs;
  };
  const manager = new JwtManager(config, await loadJwtKeys(config), ledgerOf(store), holderIsCurrent, () => now);
  return { manager, store, dir, users, advance: (seconds: number) => (now += seconds), now: () => now };
}

function claims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
}

const code = async (run: () => Promise<unknown>): Promise<number> => {
  try {
    await run();
  } catch (error) {
    assert.ok(IggyError.is(error), String(error));
    return error.code;
  }
  return -1;
};

test('issued claims: jti UUID v7, numeric sub, iss/aud, iat/nbf/exp in seconds', async () => {
  const { manager, dir, now } = await setup();
  const issued = await manager.issue(7);
  const c = claims(issued.token);
  assert.match(c.jti as string, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(c.sub, 7);
  assert.equal(c.iss, 'iggy.apache.org');
  assert.equal(c.aud, 'iggy.apache.org');
  assert.equal(c.iat, now());
  assert.equal(c.nbf, now());
  assert.equal(c.exp, now() + 3600);
  assert.equal(issued.expiry, now() + 3600);
  assert.deepEqual(await manager.authenticate(issued.token), { tokenId: c.jti, userId: 7, expiry: now() + 3600 });
  rmSync(dir, { recursive: true, force: true });
});

test('expired (beyond clock skew), not yet valid, tampered: refused', async () => {
  const config = defaults();
  config.not_before = 10_000;
  const { manager, dir, advance } = await setup(config);
  const issued = await manager.issue(1);
  assert.equal(await manager.authenticate(issued.token), null, 'nbf 10 s ahead, skew 5 s');
  advance(10);
  assert.ok(await manager.authenticate(issued.token));
  const [h, p, s] = issued.token.split('.');
  const forged = Buffer.from(JSON.stringify({ ...claims(issued.token), sub: 0 })).toString('base64url');
  assert.equal(await manager.authenticate(`${h}.${forged}.${s}`), null, 'payload changed');
  assert.equal(await manager.authenticate(`${h}.${p}.${s!.slice(0, -2)}AA`), null, 'signature changed');
  assert.equal(await manager.authenticate('not a token'), null);
  advance(3600 - 10 + 4);
  assert.ok(await manager.authenticate(issued.token), 'within clock skew');
  advance(2);
  assert.equal(await manager.authenticate(issued.token), null, 'expired');
  assert.equal(await code(() => manager.refresh(issued.token)), 40);
  assert.equal(await code(() => manager.refresh('')), 78);
  assert.equal(await code(() => manager.refresh('garbage')), 78);
  rmSync(dir, { recursive: true, force: true });
});

test('wrong audience, wrong issuer, other secret, other algorithm: refused; valid_* lists accept others', async () => {
  const { manager, dir } = await setup();
  const other = defaults();
  other.audience = 'someone.else';
  const wrongAudience = await (await setup(other, dir)).manager.issue(1);
  assert.equal(await manager.authenticate(wrongAudience.token), null);
  const otherIssuer = defaults();
  otherIssuer.issuer = 'evil';
  assert.equal(await manager.authenticate((await (await setup(otherIssuer, dir)).manager.issue(1)).token), null);
  const otherSecret = defaults();
  otherSecret.encoding_secret = otherSecret.decoding_secret = 'another secret entirely';
  assert.equal(await manager.authenticate((await (await setup(otherSecret, dir)).manager.issue(1)).token), null);
  const hs512 = defaults();
  hs512.algorithm = 'HS512';
  assert.equal(await manager.authenticate((await (await setup(hs512, dir)).manager.issue(1)).token), null);
  const lenient = defaults();
  lenient.valid_audiences = ['iggy.apache.org', 'someone.else'];
  assert.ok(await (await setup(lenient, dir)).manager.authenticate(wrongAudience.token));
  rmSync(dir, { recursive: true, force: true });
});

test('refresh once: the old token is revoked, a second refresh is 78, the new token works', async () => {
  const { manager, dir } = await setup();
  const first = await manager.issue(3);
  const refreshed = await manager.refresh(first.token);
  assert.equal(refreshed.userId, 3);
  assert.equal(await manager.authenticate(first.token), null);
  assert.ok(await manager.authenticate(refreshed.issued.token));
  assert.equal(await code(() => manager.refresh(first.token)), 78);
  const again = await manager.refresh(refreshed.issued.token);
  assert.ok(await manager.authenticate(again.issued.token), 'a refreshed token refreshes once too');
  rmSync(dir, { recursive: true, force: true });
});

test('logout revokes; the revocation survives a restart and is cleaned after expiry', async () => {
  const { manager, dir, store, advance, now } = await setup();
  const issued = await manager.issue(2);
  const identity = (await manager.authenticate(issued.token))!;
  await manager.revoke(identity);
  assert.equal(await manager.authenticate(issued.token), null);
  assert.equal(await code(() => manager.refresh(issued.token)), 78);
  // Restart: a new store and manager from the same directory.
  const restarted = await setup(defaults(), dir);
  assert.equal(await restarted.manager.authenticate(issued.token), null);
  advance(3601);
  assert.equal(await store.pruneExpired(now()), 1);
  assert.equal(RevokedTokenStore.load(revokedTokensPath(dir), now()).tokens.size, 0);
  rmSync(dir, { recursive: true, force: true });
});

test('base64 secrets, RS256 with PEM keys, bad algorithm, default-secret detection', async () => {
  const b64 = defaults();
  b64.use_base64_secret = true;
  b64.encoding_secret = b64.decoding_secret = Buffer.from('a secret of some length').toString('base64');
  const { manager, dir } = await setup(b64);
  assert.ok(await manager.authenticate((await manager.issue(1)).token));
  assert.equal(usesDefaultSecret(defaults()), true);
  assert.equal(usesDefaultSecret(b64), false);
  const { generateKeyPairSync } = await import('node:crypto');
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rs = defaults();
  rs.algorithm = 'RS256';
  rs.encoding_secret = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  rs.decoding_secret = pair.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const rsManager = (await setup(rs, dir)).manager;
  assert.ok(await rsManager.authenticate((await rsManager.issue(1)).token));
  const bad = defaults();
  bad.algorithm = 'none';
  await assert.rejects(loadJwtKeys(bad), /algorithm/);
  rmSync(dir, { recursive: true, force: true });
});

test("a token dies with its user: refused once the user is deleted, and for a user created later under the same id", async () => {
  const { manager, dir, users } = await setup();
  const issued = await manager.issue(4);
  const issuedAtMs = tokenIssuedAtMs(claims(issued.token).jti as string, claims(issued.token).iat);
  assert.ok(issuedAtMs !== null && Math.abs(issuedAtMs - Date.now()) < 60_000, 'issue time from the UUID v7 jti');
  assert.ok(await manager.authenticate(issued.token));
  users.set(4, null); // deleted
  assert.equal(await manager.authenticate(issued.token), null, 'deleted user');
  assert.equal(await code(() => manager.refresh(issued.token)), 40, 'no refresh for a deleted user');
  users.set(4, issuedAtMs + 1); // id reused by a user created after the token
  assert.equal(await manager.authenticate(issued.token), null, 'a later user with the same id');
  users.set(4, issuedAtMs); // the same ms: cannot tell, accepted
  assert.ok(await manager.authenticate(issued.token));
  rmSync(dir, { recursive: true, force: true });
});

test('token issue time: ms from a UUID v7 jti, else the end of the iat second, else unknown', () => {
  assert.equal(tokenIssuedAtMs('0190a5b2-c3d4-7e5f-8a6b-7c8d9e0f1a2b', 5), 0x0190a5b2c3d4);
  assert.equal(tokenIssuedAtMs('forged-1', 1_800_000_000), 1_800_000_000_999);
  assert.equal(tokenIssuedAtMs('0190a5b2-c3d4-4e5f-8a6b-7c8d9e0f1a2b', 7), 7_999, 'a v4 UUID carries no time');
  assert.equal(tokenIssuedAtMs('forged-1', undefined), null);
});
