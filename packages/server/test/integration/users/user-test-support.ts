// Shared helpers for the user/permission/token integration tests: plain clients that never retry
// or reconnect (so a refused command shows its real status), permission builders, error checks.
import assert from 'node:assert/strict';
import {
  IggyError,
  type GlobalPermissions,
  type Permissions,
  type StreamPermissions,
  type TopicPermissions,
} from '@iggy-node/protocol';
import { IggyClient, type Credentials } from '@iggy-node/sdk';
import type { TestServer } from '../../helpers/test-server.js';

/** A client without auto-reconnect or background pings; logs in when credentials are given. */
export async function connectPlain(server: TestServer, credentials?: Credentials): Promise<IggyClient> {
  const client = new IggyClient({
    host: server.host,
    port: server.port,
    credentials,
    reconnect: { enabled: false, retries: 0, intervalMs: 0 },
    heartbeatIntervalMs: 0,
  });
  await client.connect();
  return client;
}

/** Resolves with the IggyError code the promise rejects with (fails if it resolves). */
export async function errorCodeOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    assert.ok(IggyError.is(error), `expected an IggyError, got ${String(error)}`);
    return error.code;
  }
  assert.fail('expected the command to be refused');
}

export function noGlobal(): GlobalPermissions {
  return {
    manageServers: false,
    readServers: false,
    manageUsers: false,
    readUsers: false,
    manageStreams: false,
    readStreams: false,
    manageTopics: false,
    readTopics: false,
    pollMessages: false,
    sendMessages: false,
  };
}

export function noStream(topics = new Map<number, TopicPermissions>()): StreamPermissions {
  return { manageStream: false, readStream: false, manageTopics: false, readTopics: false, pollMessages: false, sendMessages: false, topics };
}

export function noTopic(): TopicPermissions {
  return { manageTopic: false, readTopic: false, pollMessages: false, sendMessages: false };
}

export type GlobalFlag = keyof GlobalPermissions;
export type StreamFlag = Exclude<keyof StreamPermissions, 'topics'>;
export type TopicFlag = keyof TopicPermissions;

export const GLOBAL_FLAGS: GlobalFlag[] = Object.keys(noGlobal()) as GlobalFlag[];
export const STREAM_FLAGS: StreamFlag[] = (Object.keys(noStream()) as (keyof StreamPermissions)[]).filter(
  (flag): flag is StreamFlag => flag !== 'topics',
);
export const TOPIC_FLAGS: TopicFlag[] = Object.keys(noTopic()) as TopicFlag[];

/** One grant: a single global flag, a single flag on stream `streamId`, or on its topic `topicId`. */
export type Grant =
  | { level: 'none' }
  | { level: 'global'; flag: GlobalFlag }
  | { level: 'stream'; flag: StreamFlag }
  | { level: 'topic'; flag: TopicFlag };

export function grantName(grant: Grant): string {
  return grant.level === 'none' ? 'none' : `${grant.level}.${grant.flag}`;
}

/** The permissions blob holding exactly `grant` (stream/topic grants on `streamId`/`topicId`). */
export function permissionsFor(grant: Grant, streamId: number, topicId: number): Permissions | null {
  switch (grant.level) {
    case 'none':
      return null;
    case 'global':
      return { global: { ...noGlobal(), [grant.flag]: true }, streams: new Map() };
    case 'stream':
      return { global: noGlobal(), streams: new Map([[streamId, { ...noStream(), [grant.flag]: true }]]) };
    case 'topic':
      return {
        global: noGlobal(),
        streams: new Map([[streamId, noStream(new Map([[topicId, { ...noTopic(), [grant.flag]: true }]]))]]),
      };
  }
}

export function allGrants(): Grant[] {
  return [
    { level: 'none' },
    ...GLOBAL_FLAGS.map((flag): Grant => ({ level: 'global', flag })),
    ...STREAM_FLAGS.map((flag): Grant => ({ level: 'stream', flag })),
    ...TOPIC_FLAGS.map((flag): Grant => ({ level: 'topic', flag })),
  ];
}
