// Goal: every HTTP route obeys the same permission matrix as the binary protocol
// (wire-protocol.md §17). Method: one real server; for each single grant (none, each global,
// stream and topic flag) a fresh stream/topic/group fixture and a user holding only that grant,
// who logs in over HTTP and calls every route; a refusal must be exactly 403 with id 41, anything
// allowed must succeed (2xx), and refusals happen exactly when the table below (written
// independently of the server's permissioner) says so.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IggyClient } from '@iggy-node/sdk';
import { httpCall, httpLogin, startHttpTestServer, type HttpTestServer } from '../../helpers/http-test-server.js';
import { allGrants, grantName, permissionsFor } from '../users/user-test-support.js';
import { allows, ANY, CREATE_STREAM, CREATE_TOPIC, GET_STREAM, GET_STREAMS, GET_TOPICS, MANAGE_STREAM, MANAGE_TOPIC, MANAGE_USERS, POLL, READ_TOPIC, READ_USERS, SEND, SERVERS, type Rule } from '../users/permission-rules.js';

interface Fixture {
  streamId: number;
  topicId: number;
  groupId: number;
  victimId: number;
  clientId: number;
  tag: string;
}

interface Route {
  name: string;
  rule: Rule | typeof ANY;
  method: string;
  path: (f: Fixture) => string;
  body?: (f: Fixture) => unknown;
}

const USER_PASSWORD = 'matrix-pass';
const VICTIM_PASSWORD = 'victim-pass';
const topicPath = (f: Fixture): string => `/streams/${f.streamId}/topics/${f.topicId}`;
const topicBody = { name: 'topic', compression_algorithm: 'none', message_expiry: 0, max_topic_size: 0 };

/** Destructive routes come last, so every earlier route still finds its target. */
const ROUTES: Route[] = [
  { name: 'GET /stats', rule: SERVERS, method: 'GET', path: () => '/stats' },
  { name: 'GET /clients', rule: SERVERS, method: 'GET', path: () => '/clients' },
  { name: 'GET /clients/{id}', rule: SERVERS, method: 'GET', path: (f) => `/clients/${f.clientId}` },
  { name: 'POST /snapshot', rule: ANY, method: 'POST', path: () => '/snapshot', body: () => ({ snapshot_types: ['Test'], compression: 'Deflated' }) },
  { name: 'GET /cluster/metadata', rule: ANY, method: 'GET', path: () => '/cluster/metadata' },
  { name: 'GET /users', rule: READ_USERS, method: 'GET', path: () => '/users' },
  { name: 'GET /users/{self}', rule: ANY, method: 'GET', path: (f) => `/users/user-${f.tag}` },
  { name: 'GET /users/{other}', rule: READ_USERS, method: 'GET', path: (f) => `/users/${f.victimId}` },
  { name: 'GET /personal-access-tokens', rule: ANY, method: 'GET', path: () => '/personal-access-tokens' },
  { name: 'POST /personal-access-tokens', rule: ANY, method: 'POST', path: () => '/personal-access-tokens', body: () => ({ name: 'matrix-token', expiry: 0 }) },
  { name: 'DELETE /personal-access-tokens/{name}', rule: ANY, method: 'DELETE', path: () => '/personal-access-tokens/matrix-token' },
  {
    name: 'PUT /users/{self}/password',
    rule: ANY,
    method: 'PUT',
    path: (f) => `/users/user-${f.tag}/password`,
    body: () => ({ current_password: USER_PASSWORD, new_password: USER_PASSWORD }),
  },
  {
    name: 'PUT /users/{other}/password',
    rule: MANAGE_USERS,
    method: 'PUT',
    path: (f) => `/users/${f.victimId}/password`,
    body: () => ({ current_password: VICTIM_PASSWORD, new_password: VICTIM_PASSWORD }),
  },
  { name: 'PUT /users/{id}', rule: MANAGE_USERS, method: 'PUT', path: (f) => `/users/${f.victimId}`, body: () => ({ status: 'active' }) },
  { name: 'PUT /users/{id}/permissions', rule: MANAGE_USERS, method: 'PUT', path: (f) => `/users/${f.victimId}/permissions`, body: () => ({ permissions: null }) },
  { name: 'POST /users', rule: MANAGE_USERS, method: 'POST', path: () => '/users', body: (f) => ({ username: `made-${f.tag}`, password: 'made-pass', status: 'active', permissions: null }) },
  { name: 'DELETE /users/{id}', rule: MANAGE_USERS, method: 'DELETE', path: (f) => `/users/${f.victimId}` },
  { name: 'GET /streams', rule: GET_STREAMS, method: 'GET', path: () => '/streams' },
  { name: 'GET /streams/{id}', rule: GET_STREAM, method: 'GET', path: (f) => `/streams/${f.streamId}` },
  { name: 'POST /streams', rule: CREATE_STREAM, method: 'POST', path: () => '/streams', body: (f) => ({ name: `extra-${f.tag}` }) },
  { name: 'PUT /streams/{id}', rule: MANAGE_STREAM, method: 'PUT', path: (f) => `/streams/${f.streamId}`, body: (f) => ({ name: `stream-${f.tag}` }) },
  { name: 'GET topics', rule: GET_TOPICS, method: 'GET', path: (f) => `/streams/${f.streamId}/topics` },
  { name: 'GET topic', rule: READ_TOPIC, method: 'GET', path: topicPath },
  { name: 'POST topics', rule: CREATE_TOPIC, method: 'POST', path: (f) => `/streams/${f.streamId}/topics`, body: () => ({ ...topicBody, name: 'extra-topic', partitions_count: 1 }) },
  { name: 'PUT topic', rule: MANAGE_TOPIC, method: 'PUT', path: topicPath, body: () => topicBody },
  {
    name: 'POST messages',
    rule: SEND,
    method: 'POST',
    path: (f) => `${topicPath(f)}/messages`,
    body: () => ({ partitioning: { kind: 'partition_id', value: 'AAAAAA==' }, messages: [{ payload: Buffer.from('matrix').toString('base64') }] }),
  },
  { name: 'GET flush', rule: SEND, method: 'GET', path: (f) => `${topicPath(f)}/messages/flush/0/false` },
  { name: 'GET messages', rule: POLL, method: 'GET', path: (f) => `${topicPath(f)}/messages?consumer_id=7&partition_id=0&kind=offset&value=0&count=1` },
  { name: 'PUT consumer-offsets', rule: POLL, method: 'PUT', path: (f) => `${topicPath(f)}/consumer-offsets`, body: () => ({ consumer_id: 7, partition_id: 0, offset: 0 }) },
  { name: 'GET consumer-offsets', rule: POLL, method: 'GET', path: (f) => `${topicPath(f)}/consumer-offsets?consumer_id=7&partition_id=0` },
  { name: 'DELETE consumer-offsets', rule: POLL, method: 'DELETE', path: (f) => `${topicPath(f)}/consumer-offsets/7?partition_id=0` },
  { name: 'GET consumer-groups', rule: READ_TOPIC, method: 'GET', path: (f) => `${topicPath(f)}/consumer-groups` },
  { name: 'GET consumer-group', rule: READ_TOPIC, method: 'GET', path: (f) => `${topicPath(f)}/consumer-groups/${f.groupId}` },
  { name: 'POST consumer-groups', rule: READ_TOPIC, method: 'POST', path: (f) => `${topicPath(f)}/consumer-groups`, body: () => ({ name: 'extra-group' }) },
  { name: 'DELETE consumer-group', rule: READ_TOPIC, method: 'DELETE', path: (f) => `${topicPath(f)}/consumer-groups/${f.groupId}` },
  { name: 'POST partitions', rule: MANAGE_TOPIC, method: 'POST', path: (f) => `${topicPath(f)}/partitions`, body: () => ({ partitions_count: 1 }) },
  { name: 'DELETE partitions', rule: MANAGE_TOPIC, method: 'DELETE', path: (f) => `${topicPath(f)}/partitions?partitions_count=1` },
  { name: 'DELETE segments', rule: MANAGE_TOPIC, method: 'DELETE', path: (f) => `${topicPath(f)}/partitions/0?segments_count=1` },
  { name: 'DELETE topic purge', rule: MANAGE_TOPIC, method: 'DELETE', path: (f) => `${topicPath(f)}/purge` },
  { name: 'DELETE topic', rule: MANAGE_TOPIC, method: 'DELETE', path: topicPath },
  { name: 'DELETE stream purge', rule: MANAGE_STREAM, method: 'DELETE', path: (f) => `/streams/${f.streamId}/purge` },
  { name: 'DELETE stream', rule: MANAGE_STREAM, method: 'DELETE', path: (f) => `/streams/${f.streamId}` },
  { name: 'DELETE /users/logout', rule: ANY, method: 'DELETE', path: () => '/users/logout' },
];

describe('http: permission matrix (§17) over every route', () => {
  let server: HttpTestServer;
  let root: IggyClient;

  before(async () => {
    server = await startHttpTestServer();
    root = await server.binaryClient();
  });
  after(() => server.stop());

  async function freshFixture(tag: string): Promise<Omit<Fixture, 'clientId'>> {
    for (const stream of await root.getStreams()) await root.deleteStream(stream.id);
    const stream = await root.createStream(`stream-${tag}`);
    const topic = await root.createTopic({ streamId: stream.id, name: 'topic', partitionsCount: 2 });
    await root.sendMessages({ streamId: stream.id, topicId: topic.id, partitioning: { kind: 'partition_id', partitionId: 0 }, messages: [{ payload: Buffer.from('seed') }] });
    const group = await root.createConsumerGroup(stream.id, topic.id, 'group');
    const victim = await root.createUser({ username: `victim-${tag}`, password: VICTIM_PASSWORD });
    return { streamId: stream.id, topicId: topic.id, groupId: group.id, victimId: victim.id, tag };
  }

  for (const [index, grant] of allGrants().entries()) {
    it(`grant ${grantName(grant)}`, async () => {
      const tag = `g${index}`;
      const base = await freshFixture(tag);
      await root.createUser({ username: `user-${tag}`, password: USER_PASSWORD, permissions: permissionsFor(grant, base.streamId, base.topicId) });
      const token = await httpLogin(server.httpBase, `user-${tag}`, USER_PASSWORD);
      const fixture: Fixture = { ...base, clientId: (await root.getMe()).clientId };
      const wrong: string[] = [];
      for (const route of ROUTES) {
        const body = route.body ? JSON.stringify(route.body(fixture)) : undefined;
        const answer = await httpCall(server.httpBase, route.method, route.path(fixture), { token, body });
        const expectAllowed = allows(route.rule, grant);
        if (expectAllowed && (answer.status < 200 || answer.status >= 300)) {
          wrong.push(`${route.name}: ${answer.status} ${answer.text.slice(0, 120)}, expected success`);
        } else if (!expectAllowed && (answer.status !== 403 || (JSON.parse(answer.text) as { id: number }).id !== 41)) {
          wrong.push(`${route.name}: ${answer.status} ${answer.text.slice(0, 120)}, expected 403/41`);
        }
      }
      assert.deepEqual(wrong, []);
    });
  }
});
