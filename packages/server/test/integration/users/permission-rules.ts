// The permission rows of wire-protocol.md §17, shared by the binary and the HTTP permission
// matrices: which grants allow a command ('any' = logged in is enough).
import type { GlobalFlag, Grant, StreamFlag, TopicFlag } from './user-test-support.js';

/** A row of §17: the grants that allow a command ('any' = logged in is enough). */
export interface Rule {
  global: GlobalFlag[];
  stream?: StreamFlag[];
  topic?: TopicFlag[];
}
export const ANY = 'any' as const;
export const SERVERS: Rule = { global: ['manageServers', 'readServers'] };
export const READ_USERS: Rule = { global: ['manageUsers', 'readUsers'] };
export const MANAGE_USERS: Rule = { global: ['manageUsers'] };
export const CREATE_STREAM: Rule = { global: ['manageStreams'] };
export const GET_STREAMS: Rule = { global: ['manageStreams', 'readStreams'] };
export const GET_STREAM: Rule = { global: ['manageStreams', 'readStreams'], stream: ['manageStream', 'readStream'] };
export const MANAGE_STREAM: Rule = { global: ['manageStreams'], stream: ['manageStream'] };
export const CREATE_TOPIC: Rule = { global: ['manageStreams', 'manageTopics'], stream: ['manageStream', 'manageTopics'] };
export const MANAGE_TOPIC: Rule = { ...CREATE_TOPIC, topic: ['manageTopic'] };
export const GET_TOPICS: Rule = {
  global: ['readStreams', 'manageStreams', 'manageTopics', 'readTopics'],
  stream: ['manageStream', 'readStream', 'manageTopics', 'readTopics'],
};
export const READ_TOPIC: Rule = { ...GET_TOPICS, topic: ['manageTopic', 'readTopic'] };
export const POLL: Rule = {
  global: ['pollMessages', 'readTopics', 'manageTopics', 'readStreams', 'manageStreams'],
  stream: ['pollMessages', 'manageStream', 'readStream', 'manageTopics', 'readTopics'],
  topic: ['manageTopic', 'readTopic', 'pollMessages'],
};
export const SEND: Rule = {
  global: ['sendMessages', 'manageStreams', 'manageTopics'],
  stream: ['sendMessages', 'manageStream', 'manageTopics'],
  topic: ['manageTopic', 'sendMessages'],
};

export function allows(rule: Rule | typeof ANY, grant: Grant): boolean {
  if (rule === ANY) return true;
  switch (grant.level) {
    case 'none':
      return false;
    case 'global':
      return rule.global.includes(grant.flag);
    case 'stream':
      return rule.stream?.includes(grant.flag) ?? false;
    case 'topic':
      return rule.topic?.includes(grant.flag) ?? false;
  }
}
