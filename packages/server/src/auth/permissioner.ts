/**
 * Iggy 0.7's permission matrix (wire-protocol.md §17, core/server/src/metadata/reader.rs
 * perm_*): each check passes if ANY of the listed global, stream-level or topic-level grants is
 * held, and otherwise throws 41 (unauthorized). The root user holds every global flag. Checks
 * read the shard's local metadata copy, so a permission change applies on every shard as soon
 * as the new metadata version arrives, without a restart.
 *
 * Runs on: every shard (pure functions over a UserMeta).
 */
import { ErrorCode, IggyError, type Permissions, type StreamPermissions, type TopicPermissions } from '@iggy-node/protocol';
import type { Metadata } from '../metadata/metadata.js';

type GlobalFlag = keyof Permissions['global'];
type StreamFlag = Exclude<keyof StreamPermissions, 'topics'>;
type TopicFlag = keyof TopicPermissions;

interface Rule {
  global: GlobalFlag[];
  stream?: StreamFlag[];
  topic?: TopicFlag[];
}

const RULES = {
  readServers: { global: ['manageServers', 'readServers'] },
  readUsers: { global: ['manageUsers', 'readUsers'] },
  manageUsers: { global: ['manageUsers'] },
  createStream: { global: ['manageStreams'] },
  getStreams: { global: ['manageStreams', 'readStreams'] },
  getStream: { global: ['manageStreams', 'readStreams'], stream: ['manageStream', 'readStream'] },
  manageStream: { global: ['manageStreams'], stream: ['manageStream'] },
  createTopic: { global: ['manageStreams', 'manageTopics'], stream: ['manageStream', 'manageTopics'] },
  manageTopic: {
    global: ['manageStreams', 'manageTopics'],
    stream: ['manageStream', 'manageTopics'],
    topic: ['manageTopic'],
  },
  getTopics: {
    global: ['readStreams', 'manageStreams', 'manageTopics', 'readTopics'],
    stream: ['manageStream', 'readStream', 'manageTopics', 'readTopics'],
  },
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
} satisfies Record<string, Rule>;

export type PermissionRule = keyof typeof RULES;

export function isAllowed(permissions: Permissions | null, rule: PermissionRule, streamId?: number, topicId?: number): boolean {
  if (!permissions) return false;
  const spec: Rule = RULES[rule];
  if (spec.global.some((flag) => permissions.global[flag])) return true;
  if (streamId === undefined || !spec.stream) return false;
  const stream = permissions.streams.get(streamId);
  if (!stream) return false;
  if (spec.stream.some((flag) => stream[flag])) return true;
  if (topicId === undefined || !spec.topic) return false;
  const topic = stream.topics.get(topicId);
  return topic !== undefined && spec.topic.some((flag) => topic[flag]);
}

/** Throws 41 unless the user may do `rule` (on the given stream/topic). */
export function assertAllowed(metadata: Metadata, userId: number, rule: PermissionRule, streamId?: number, topicId?: number): void {
  const user = metadata.findUser(userId);
  if (!user || !isAllowed(user.permissions, rule, streamId, topicId)) {
    throw new IggyError(ErrorCode.Unauthorized);
  }
}
