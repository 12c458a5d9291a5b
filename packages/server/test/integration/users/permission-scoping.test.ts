// Goal: a grant on one stream or topic counts for that stream or topic only (wire-protocol.md §17,
// "S." = the stream's entry, "T." = the topic's entry under that stream). permission-matrix.test.ts
// only ever uses the stream it granted on, so a permissioner that let a grant on stream A count for
// stream B (or a topic grant count for every topic with the same id) passed it.
// Method: one server, streams A (topics A.1, A.2) and B (topic B.1, which has the same numeric id
// as A.1). For every scopable flag a user holding only that flag on stream A, on topic A.1, or
// globally runs non-destructive commands of each scoped rule against A/A.1, A/A.2 and B/B.1 over
// the test transport (IGGY_TEST_TRANSPORT, HTTP included: there a refusal is 403 with code 41); refusals must be exactly 41 and happen exactly where
// the table below (written from §17, independent of the server's permissioner) says.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, IggyError, UserStatus, type Permissions } from '@iggy-node/protocol';
import { Consumer, Partitioning, PollingStrategy } from '@iggy-node/sdk';
import { startTestServer, type HarnessClient, type TestServer } from '../../helpers/test-server.js';
import { connectClient } from '../../helpers/test-transport.js';
import { noGlobal, noStream, noTopic, type GlobalFlag, type StreamFlag, type TopicFlag } from './user-test-support.js';

interface Rule {
  global: GlobalFlag[];
  stream: StreamFlag[];
  /** Absent: the command names no topic, so topic grants never count. */
  topic?: TopicFlag[];
}

// §17 rows of the commands probed below.
const GET_STREAM: Rule = { global: ['manageStreams', 'readStreams'], stream: ['manageStream', 'readStream'] };
const MANAGE_STREAM: Rule = { global: ['manageStreams'], stream: ['manageStream'] };
const CREATE_TOPIC: Rule = { global: ['manageStreams', 'manageTopics'], stream: ['manageStream', 'manageTopics'] };
const GET_TOPICS: Rule = {
  global: ['readStreams', 'manageStreams', 'manageTopics', 'readTopics'],
  stream: ['manageStream', 'readStream', 'manageTopics', 'readTopics'],
};
const READ_TOPIC: Rule = { ...GET_TOPICS, topic: ['manageTopic', 'readTopic'] };
const MANAGE_TOPIC: Rule = {
  global: ['manageStreams', 'manageTopics'],
  stream: ['manageStream', 'manageTopics'],
  topic: ['manageTopic'],
};
const POLL: Rule = {
  global: ['pollMessages', 'readTopics', 'manageTopics', 'readStreams', 'manageStreams'],
  stream: ['pollMessages', 'manageStream', 'readStream', 'manageTopics', 'readTopics'],
  topic: ['manageTopic', 'readTopic', 'pollMessages'],
};
const SEND: Rule = {
  global: ['sendMessages', 'manageStreams', 'manageTopics'],
  stream: ['sendMessages', 'manageStream', 'manageTopics'],
  topic: ['manageTopic', 'sendMessages'],
};

interface Target {
  label: string;
  streamId: number;
  streamName: string;
  topicId: number;
  topicName: string;
}

interface Probe {
  name: string;
  rule: Rule;
  /** Runs the command; resolves when it was allowed (for CreateTopic: refused for a reason other than 41). */
  run(client: HarnessClient, target: Target): Promise<unknown>;
}

/** Commands that leave the fixture usable whether allowed or not. */
const PROBES: Probe[] = [
  { name: 'GetStream', rule: GET_STREAM, run: (c, t) => c.getStream(t.streamId) },
  // Renaming to the current name is a no-op (§10.5).
  { name: 'UpdateStream', rule: MANAGE_STREAM, run: (c, t) => c.updateStream(t.streamId, t.streamName) },
  {
    // The name exists, so an allowed caller gets 2013 (permission is checked before the operation, §9).
    name: 'CreateTopic',
    rule: CREATE_TOPIC,
    run: async (c, t) => {
      const code = await codeOf(c.createTopic({ streamId: t.streamId, name: t.topicName, partitionsCount: 1 }));
      if (code === ErrorCode.Unauthorized) throw new IggyError(code);
      assert.equal(code, ErrorCode.TopicNameAlreadyExists, 'CreateTopic of an existing name, when allowed');
    },
  },
  { name: 'GetTopics', rule: GET_TOPICS, run: (c, t) => c.getTopics(t.streamId) },
  { name: 'GetTopic', rule: READ_TOPIC, run: (c, t) => c.getTopic(t.streamId, t.topicId) },
  { name: 'GetConsumerGroups', rule: READ_TOPIC, run: (c, t) => c.getConsumerGroups(t.streamId, t.topicId) },
  { name: 'PurgeTopic', rule: MANAGE_TOPIC, run: (c, t) => c.purgeTopic(t.streamId, t.topicId) },
  {
    name: 'PollMessages',
    rule: POLL,
    run: (c, t) =>
      c.pollMessages({ consumer: Consumer.single(1), streamId: t.streamId, topicId: t.topicId, partitionId: 0, strategy: PollingStrategy.offset(0n), count: 1, autoCommit: false }),
  },
  {
    name: 'StoreConsumerOffset',
    rule: POLL,
    run: (c, t) => c.storeConsumerOffset({ consumer: Consumer.single(1), streamId: t.streamId, topicId: t.topicId, partitionId: 0, offset: 0n }),
  },
  {
    name: 'SendMessages',
    rule: SEND,
    run: (c, t) => c.sendMessages({ streamId: t.streamId, topicId: t.topicId, partitioning: Partitioning.partitionId(0), messages: [{ payload: Buffer.from('x') }] }),
  },
  { name: 'FlushUnsavedBuffer', rule: SEND, run: (c, t) => c.flushUnsavedBuffer(t.streamId, t.topicId, 0, false) },
];

type ScopedGrant =
  | { level: 'global'; flag: GlobalFlag }
  | { level: 'stream'; flag: StreamFlag }
  | { level: 'topic'; flag: TopicFlag };

/** Every flag that can be scoped, at its scope, plus the global flags of the same rules. */
const GRANTS: ScopedGrant[] = [
  ...(['manageStream', 'readStream', 'manageTopics', 'readTopics', 'pollMessages', 'sendMessages'] as StreamFlag[]).map((flag): ScopedGrant => ({ level: 'stream', flag })),
  ...(['manageTopic', 'readTopic', 'pollMessages', 'sendMessages'] as TopicFlag[]).map((flag): ScopedGrant => ({ level: 'topic', flag })),
  ...(['manageStreams', 'readStreams', 'manageTopics', 'readTopics', 'pollMessages', 'sendMessages'] as GlobalFlag[]).map((flag): ScopedGrant => ({ level: 'global', flag })),
];

async function codeOf(promise: Promise<unknown>): Promise<number | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    assert.ok(IggyError.is(error), `expected an IggyError, got ${String(error)}`);
    return error.code;
  }
}

describe('permissions granted on one stream or topic do not reach others', () => {
  let server: TestServer;
  let root: HarnessClient;
  let a1: Target;
  let a2: Target;
  let b1: Target;

  before(async () => {
    server = await startTestServer();
    root = await server.client();
    const a = await root.createStream('scope-a');
    const b = await root.createStream('scope-b');
    const topicA1 = await root.createTopic({ streamId: a.id, name: 'a1', partitionsCount: 1 });
    const topicA2 = await root.createTopic({ streamId: a.id, name: 'a2', partitionsCount: 1 });
    const topicB1 = await root.createTopic({ streamId: b.id, name: 'b1', partitionsCount: 1 });
    assert.equal(topicB1.id, topicA1.id, 'B.1 has the numeric id of A.1, so a grant keyed by topic id alone would leak');
    a1 = { label: 'A/A.1', streamId: a.id, streamName: 'scope-a', topicId: topicA1.id, topicName: 'a1' };
    a2 = { label: 'A/A.2', streamId: a.id, streamName: 'scope-a', topicId: topicA2.id, topicName: 'a2' };
    b1 = { label: 'B/B.1', streamId: b.id, streamName: 'scope-b', topicId: topicB1.id, topicName: 'b1' };
  });
  after(() => server.stop());

  /** The grant, placed on stream A or on topic A.1. */
  function permissionsOf(grant: ScopedGrant): Permissions {
    switch (grant.level) {
      case 'global':
        return { global: { ...noGlobal(), [grant.flag]: true }, streams: new Map() };
      case 'stream':
        return { global: noGlobal(), streams: new Map([[a1.streamId, { ...noStream(), [grant.flag]: true }]]) };
      case 'topic':
        return { global: noGlobal(), streams: new Map([[a1.streamId, noStream(new Map([[a1.topicId, { ...noTopic(), [grant.flag]: true }]]))]]) };
    }
  }

  /** §17 with the scope rule: stream grants hold inside stream A, topic grants on topic A.1 only. */
  function expectAllowed(grant: ScopedGrant, rule: Rule, target: Target): boolean {
    switch (grant.level) {
      case 'global':
        return rule.global.includes(grant.flag);
      case 'stream':
        return target.streamId === a1.streamId && rule.stream.includes(grant.flag);
      case 'topic':
        return target.streamId === a1.streamId && target.topicId === a1.topicId && (rule.topic?.includes(grant.flag) ?? false);
    }
  }

  for (const grant of GRANTS) {
    const where = grant.level === 'global' ? 'globally' : grant.level === 'stream' ? 'on stream A' : 'on topic A.1';
    it(`${grant.flag} ${where}`, async () => {
      const username = `scope-${grant.level}-${grant.flag}`;
      await root.createUser({ username, password: 'secret', status: UserStatus.Active, permissions: permissionsOf(grant) });
      const client = await connectClient(server, { username, password: 'secret' });
      const wrong: string[] = [];
      let allowedCount = 0;
      try {
        for (const target of [a1, a2, b1]) {
          for (const probe of PROBES) {
            const expected = expectAllowed(grant, probe.rule, target);
            if (expected) allowedCount++;
            const code = await codeOf(probe.run(client, target));
            if (code !== null && code !== ErrorCode.Unauthorized) wrong.push(`${probe.name} on ${target.label}: unexpected error ${code}`);
            else if (expected !== (code === null)) wrong.push(`${probe.name} on ${target.label}: ${expected ? 'refused, expected allowed' : 'allowed, expected 41'}`);
          }
        }
      } finally {
        await client.close();
      }
      assert.deepEqual(wrong, []);
      assert.ok(allowedCount > 0, 'every grant allows something here, or the probe list misses its rule');
    });
  }
});
