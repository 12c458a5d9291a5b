// HTTP users, login/logout and personal access tokens (http-api.md §4.2–4.3) on a real server:
// IdentityInfo with a JWT, user CRUD with exact JSON, validation and login failures with their
// codes, Iggy's all-digit-username quirk, PAT create/list/delete/login and their errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { httpCall, httpLogin, normalise, startHttpTestServer, type HttpTestServer } from '../../helpers/http-test-server.js';

describe('http: users, login, personal access tokens', () => {
  let server: HttpTestServer;
  let token: string;
  const call = (method: string, path: string, body?: unknown, bearer = token) =>
    httpCall(server.httpBase, method, path, { token: bearer, body: body === undefined ? undefined : JSON.stringify(body) });
  const errorId = (text: string): number => (JSON.parse(text) as { id: number }).id;

  before(async () => {
    server = await startHttpTestServer();
    token = await httpLogin(server.httpBase);
  });
  after(() => server.stop());

  it('login answers IdentityInfo; failures are 400 with 42 / 47; the empty-body 401 without a token', async () => {
    const login = await httpCall(server.httpBase, 'POST', '/users/login', { body: '{"username":"iggy","password":"iggy","version":"0.7.0","context":"test"}' });
    assert.equal(login.status, 200);
    assert.match(login.text, /^\{"user_id":0,"access_token":\{"token":"[\w-]+\.[\w-]+\.[\w-]+","expiry":\d{10}\}\}$/);
    const wrong = await httpCall(server.httpBase, 'POST', '/users/login', { body: '{"username":"iggy","password":"nope"}' });
    assert.equal(wrong.status, 400);
    assert.equal(errorId(wrong.text), 42);
    assert.equal((await httpCall(server.httpBase, 'POST', '/users/login', { body: '{"username":"iggy"}' })).status, 400);
    assert.equal((await httpCall(server.httpBase, 'GET', '/users')).status, 401);
    // Iggy's quirk: an all-digit username is a user id.
    assert.equal((await httpCall(server.httpBase, 'POST', '/users/login', { body: '{"username":"0","password":"iggy"}' })).status, 200);
  });

  it('users: create (200 details), get, list, update, permissions, password, delete; validation codes', async () => {
    const permissions = {
      global: { manage_servers: false, read_servers: true, manage_users: false, read_users: false, manage_streams: false, read_streams: true, manage_topics: false, read_topics: false, poll_messages: false, send_messages: false },
      streams: { '5': { manage_stream: false, read_stream: true, manage_topics: false, read_topics: true, poll_messages: true, send_messages: false, topics: null } },
    };
    const created = await call('POST', '/users', { username: 'alice', password: 'secret', status: 'active', permissions });
    assert.equal(created.status, 200);
    assert.equal(normalise(created.text, ['created_at', 'id']), `{"id":0,"created_at":0,"status":"active","username":"alice","permissions":${JSON.stringify(permissions)}}`);
    const id = (JSON.parse(created.text) as { id: number }).id;
    assert.equal((await call('GET', `/users/${id}`)).text, created.text);
    assert.equal((await call('GET', '/users/alice')).text, created.text);
    const list = await call('GET', '/users');
    assert.equal(normalise(list.text, ['created_at', 'id']), '[{"id":0,"created_at":0,"status":"active","username":"iggy"},{"id":0,"created_at":0,"status":"active","username":"alice"}]');
    assert.equal((await call('GET', '/users/nobody')).status, 404);
    assert.equal(errorId((await call('POST', '/users', { username: 'al', password: 'secret', status: 'active', permissions: null })).text), 43);
    assert.equal(errorId((await call('POST', '/users', { username: 'bobby', password: 'x', status: 'active', permissions: null })).text), 44);
    assert.equal(errorId((await call('POST', '/users', { username: 'alice', password: 'secret', status: 'active', permissions: null })).text), 46);
    assert.equal((await call('PUT', `/users/${id}`, { username: 'alice2', status: 'inactive' })).status, 204);
    const inactive = await httpCall(server.httpBase, 'POST', '/users/login', { body: '{"username":"alice2","password":"secret"}' });
    assert.equal(inactive.status, 400);
    assert.equal(errorId(inactive.text), 47);
    assert.equal((await call('PUT', `/users/${id}`, { status: 'active' })).status, 204);
    assert.equal((await call('PUT', `/users/${id}/permissions`, { permissions: null })).status, 204);
    assert.match((await call('GET', `/users/${id}`)).text, /"permissions":null\}$/);
    const alice = await httpLogin(server.httpBase, 'alice2', 'secret');
    assert.equal((await call('PUT', `/users/${id}/password`, { current_password: 'secret', new_password: 'better' }, alice)).status, 204);
    assert.equal((await call('GET', '/users', undefined, alice)).status, 403, 'no read_users');
    assert.equal((await call('GET', `/users/${id}`, undefined, alice)).status, 200, 'self is always allowed');
    const root = await call('DELETE', '/users/0');
    assert.equal(root.status, 400);
    assert.equal(errorId(root.text), 48);
    assert.equal(errorId((await call('PUT', '/users/0/permissions', { permissions: null })).text), 49);
    assert.equal((await call('DELETE', `/users/${id}`)).status, 204);
    assert.equal((await call('GET', `/users/${id}`)).status, 404);
  });

  it('personal access tokens: create (raw token once), list sorted with null for never, login, delete, errors', async () => {
    const created = await call('POST', '/personal-access-tokens', { name: 'ci-token', expiry: 0 });
    assert.equal(created.status, 200);
    const raw = (JSON.parse(created.text) as { token: string }).token;
    assert.match(created.text, /^\{"token":"[^"]+"\}$/);
    assert.equal((await call('POST', '/personal-access-tokens', { name: 'aa-short', expiry: 3_600_000_000 })).status, 200);
    assert.equal((await call('POST', '/personal-access-tokens', { name: 'forever', expiry: 18446744073709551615n.toString() })).status, 400, 'expiry must be a number');
    assert.equal(
      (await httpCall(server.httpBase, 'POST', '/personal-access-tokens', { token, body: '{"name":"forever","expiry":18446744073709551615}' })).status,
      200,
      'u64::MAX as a JSON number means never',
    );
    const list = await call('GET', '/personal-access-tokens');
    assert.equal(normalise(list.text, ['expiry_at']), '[{"name":"aa-short","expiry_at":0},{"name":"ci-token","expiry_at":null},{"name":"forever","expiry_at":null}]');
    assert.equal(errorId((await call('POST', '/personal-access-tokens', { name: 'ab', expiry: 0 })).text), 50);
    const login = await httpCall(server.httpBase, 'POST', '/personal-access-tokens/login', { body: JSON.stringify({ token: raw }) });
    assert.equal(login.status, 200);
    const jwt = (JSON.parse(login.text) as { access_token: { token: string } }).access_token.token;
    assert.equal((await call('GET', '/streams', undefined, jwt)).status, 200);
    const unknown = await httpCall(server.httpBase, 'POST', '/personal-access-tokens/login', { body: '{"token":"nope"}' });
    assert.equal(unknown.status, 404);
    assert.equal(errorId(unknown.text), 20);
    assert.equal((await httpCall(server.httpBase, 'POST', '/personal-access-tokens/login', { body: JSON.stringify({ token: 'x'.repeat(101) }) })).status, 401);
    assert.equal((await call('DELETE', '/personal-access-tokens/ci-token')).status, 204);
    const gone = await call('DELETE', '/personal-access-tokens/ci-token');
    assert.equal(gone.status, 404);
    assert.equal(errorId(gone.text), 20);
  });
});
