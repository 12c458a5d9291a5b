// Iggy CLI's permission names: field -> short name; the long name is the field in snake_case
// (manage_servers / m_srv, ...), as in `iggy user create --help` of core/cli.
import type { GlobalPermissions, StreamPermissions, TopicPermissions } from '@iggy-node/sdk';

export const GLOBAL_SHORT_NAMES: Record<keyof GlobalPermissions, string> = {
  manageServers: 'm_srv',
  readServers: 'r_srv',
  manageUsers: 'm_usr',
  readUsers: 'r_usr',
  manageStreams: 'm_str',
  readStreams: 'r_str',
  manageTopics: 'm_top',
  readTopics: 'r_top',
  pollMessages: 'p_msg',
  sendMessages: 's_msg',
};

export const STREAM_SHORT_NAMES: Record<Exclude<keyof StreamPermissions, 'topics'>, string> = {
  manageStream: 'm_str',
  readStream: 'r_str',
  manageTopics: 'm_top',
  readTopics: 'r_top',
  pollMessages: 'p_msg',
  sendMessages: 's_msg',
};

export const TOPIC_SHORT_NAMES: Record<keyof TopicPermissions, string> = {
  manageTopic: 'm_top',
  readTopic: 'r_top',
  pollMessages: 'p_msg',
  sendMessages: 's_msg',
};

export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
