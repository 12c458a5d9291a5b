// Goal: every rule of the permissioner matches wire-protocol.md §17 for every single grant, and
// stream/topic grants count only for their own stream/topic. The table below is written from
// §17, not from the permissioner. The wire-level tests (users/permission-matrix,
// users/permission-scoping) prove the same through the server; this one runs in milliseconds, so
// mutation testing of src/auth can afford it per mutant.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GlobalPermissions, Permissions, StreamPermissions, TopicPermissions } from '@iggy-node/protocol';
import { ErrorCode, IggyError } from '@iggy-node/protocol';
import { assertAllowed, isAllowed, type PermissionRule } from '../../../src/auth/permissioner.js';
import type { Metadata } from '../../../src/metadata/metadata.js';

type GlobalFlag = keyof GlobalPermissions;
type StreamFlag = Exclude<keyof StreamPermissions, 'topics'>;
type TopicFlag = keyof TopicPermissions;

interface Row {
  global: GlobalFlag[];
  stream?: StreamFlag[];
  topic?: TopicFlag[];
}

// §17, one row per rule the server checks.
const SECTION_17: Record<PermissionRule, Row> = {
  readServers: { global: ['manageServers', 'readServers'] },
  readUsers: { global: ['manageUsers', 'readUsers'] },
  manageUsers: { global: ['manageUsers'] },
  createStream: { global: ['manageStreams'] },
  getStreams: { global: ['manageStreams', 'readStreams'] },
  getStream: { global: ['manageStreams', 'readStreams'], stream: ['manageStream', 'readStream'] },
  manageStream: { global: ['manageStreams'], stream: ['manageStream'] },
  createTopic: { global: ['manageStreams', 'manageTopics'], stream: ['manageStream', 'manageTopics'] },
  manageTopic: { global: ['manageStreams', 'manageTopics'], stream: ['manageStream', 'manageTopics'], topic: ['manageTopic'] },
  getTopics: { global: ['readStreams', 'manageStreams', 'manageTopics', 'readTopics'], stream: ['manageStream', 'readStream', 'manageTopics', 'readTopics'] },
  readTopic: {
    global: ['readStreams', 'manageStreams', 'manageTopics', 'readTopics'],
    stream: ['manageStream', 'readStream', 'manageTopics', 'readTopics'],
    topic: ['manageTopic', 'readTopic'],
  },
  pollMessages: {
    global: ['pollMessages', 'readTopics', 'manageTopics', 'readStreams', 'manageStreams'],
    stream: ['pollMessages', 'manageStream', 'readStream', 'manageTopics', 'readTopics'],
    topic: ['manageTopic', 'readTopic', 'pollMessages'],
  },
  sendMessages: {
    global: ['sendMessages', 'manageStreams', 'manageTopics'],
    stream: ['sendMessages', 'manageStream', 'manageTopics'],
    topic: ['manageTopic', 'sendMessages'],
  },
};

const GLOBAL_FLAGS: GlobalFlag[] = ['manageServers', 'readServers', 'manageUsers', 'readUsers', 'manageStreams', 'readStreams', 'manageTopics', 'readTopics', 'pollMessages', 'sendMessages'];
const STREAM_FLAGS: StreamFlag[] = ['manageStream', 'readStream', 'manageTopics', 'readTopics', 'pollMessages', 'sendMessages'];
const TOPIC_FLAGS: TopicFlag[] = ['manageTopic', 'readTopic', 'pollMessages', 'sendMessages'];

const STREAM = 1;
const TOPIC = 2;

function noGlobal(): GlobalPermissions {
  return Object.fromEntries(GLOBAL_FLAGS.map((flag) => [flag, false])) as unknown as GlobalPermissions;
}
function noStream(topics = new Map<number, TopicPermissions>()): StreamPermissions {
  return { manageStream: false, readStream: false, manageTopics: false, readTopics: false, pollMessages: false, sendMessages: false, topics };
}
function noTopic(): TopicPermissions {
  return { manageTopic: false, readTopic: false, pollMessages: false, sendMessages: false };
}

type Grant = { level: 'global'; flag: GlobalFlag } | { level: 'stream'; flag: StreamFlag } | { level: 'topic'; flag: TopicFlag };
const GRANTS: Grant[] = [
  ...GLOBAL_FLAGS.map((flag): Grant => ({ level: 'global', flag })),
  ...STREAM_FLAGS.map((flag): Grant => ({ level: 'stream', flag })),
  ...TOPIC_FLAGS.map((flag): Grant => ({ level: 'topic', flag })),
];

/** Only `grant`, on stream STREAM / topic TOPIC; the other stream and topic entries are present but empty. */
function holding(grant: Grant): Permissions {
  const topics = new Map<number, TopicPermissions>([[TOPIC + 1, noTopic()], [TOPIC, grant.level === 'topic' ? { ...noTopic(), [grant.flag]: true } : noTopic()]]);
  const stream = grant.level === 'stream' ? { ...noStream(topics), [grant.flag]: true } : noStream(topics);
  return {
    global: grant.level === 'global' ? { ...noGlobal(), [grant.flag]: true } : noGlobal(),
    streams: new Map([[STREAM + 1, noStream(new Map([[TOPIC, noTopic()]]))], [STREAM, stream]]),
  };
}

function expected(grant: Grant, row: Row, streamId: number | undefined, topicId: number | undefined): boolean {
  if (grant.level === 'global') return row.global.includes(grant.flag);
  if (streamId !== STREAM) return false;
  if (grant.level === 'stream') return row.stream?.includes(grant.flag) ?? false;
  return topicId === TOPIC && (row.topic?.includes(grant.flag) ?? false);
}

test('every rule matches §17 for every single grant, on its own stream/topic and elsewhere', () => {
  const wrong: string[] = [];
  const places: Array<[string, number | undefined, number | undefined]> = [
    ['no stream given', undefined, undefined],
    ['granted stream, no topic', STREAM, undefined],
    ['granted stream and topic', STREAM, TOPIC],
    ['granted stream, other topic', STREAM, TOPIC + 1],
    ['granted stream, unknown topic', STREAM, TOPIC + 7],
    ['other stream, same topic id', STREAM + 1, TOPIC],
    ['unknown stream', STREAM + 7, TOPIC],
  ];
  for (const [rule, row] of Object.entries(SECTION_17) as Array<[PermissionRule, Row]>) {
    for (const grant of GRANTS) {
      for (const [place, streamId, topicId] of places) {
        const want = expected(grant, row, streamId, topicId);
        if (isAllowed(holding(grant), rule, streamId, topicId) !== want) wrong.push(`${rule} with ${grant.level}.${grant.flag} (${place}): expected ${want}`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

test('no permissions blob allows nothing; root-like global flags allow everything', () => {
  const all: Permissions = { global: Object.fromEntries(GLOBAL_FLAGS.map((flag) => [flag, true])) as unknown as GlobalPermissions, streams: new Map() };
  for (const rule of Object.keys(SECTION_17) as PermissionRule[]) {
    assert.equal(isAllowed(null, rule, STREAM, TOPIC), false, `${rule} without permissions`);
    assert.equal(isAllowed(all, rule, STREAM + 5, TOPIC + 5), true, `${rule} with every global flag`);
  }
});

test('assertAllowed throws exactly 41 for an unknown user or a missing grant, and passes otherwise', () => {
  const users = new Map<number, { permissions: Permissions | null }>([
    [1, { permissions: holding({ level: 'stream', flag: 'readStream' }) }],
    [2, { permissions: null }],
  ]);
  // Only findUser is used; the real Metadata needs a whole state log to build.
  const metadata = { findUser: (id: number) => users.get(id) } as unknown as Metadata;
  const refused = (fn: () => void) => assert.throws(fn, (error: unknown) => IggyError.is(error) && error.code === ErrorCode.Unauthorized);
  assert.doesNotThrow(() => assertAllowed(metadata, 1, 'getStream', STREAM));
  refused(() => assertAllowed(metadata, 1, 'getStream', STREAM + 1));
  refused(() => assertAllowed(metadata, 1, 'manageStream', STREAM));
  refused(() => assertAllowed(metadata, 2, 'getStream', STREAM));
  refused(() => assertAllowed(metadata, 99, 'getStream', STREAM));
});
