/**
 * User permissions (Iggy 0.7 `Permissions`): global flags plus per-stream and per-topic grants.
 * Wire form: the permissions blob (wire-protocol.md §7.7), codec in commands/users/permissions-codec.ts.
 * Maps are keyed by numeric stream / topic id.
 */
export interface GlobalPermissions {
  manageServers: boolean;
  readServers: boolean;
  manageUsers: boolean;
  readUsers: boolean;
  manageStreams: boolean;
  readStreams: boolean;
  manageTopics: boolean;
  readTopics: boolean;
  pollMessages: boolean;
  sendMessages: boolean;
}

export interface StreamPermissions {
  manageStream: boolean;
  readStream: boolean;
  manageTopics: boolean;
  readTopics: boolean;
  pollMessages: boolean;
  sendMessages: boolean;
  topics: Map<number, TopicPermissions>;
}

export interface TopicPermissions {
  manageTopic: boolean;
  readTopic: boolean;
  pollMessages: boolean;
  sendMessages: boolean;
}

export interface Permissions {
  global: GlobalPermissions;
  streams: Map<number, StreamPermissions>;
}

export function allGlobalPermissions(): GlobalPermissions {
  return {
    manageServers: true,
    readServers: true,
    manageUsers: true,
    readUsers: true,
    manageStreams: true,
    readStreams: true,
    manageTopics: true,
    readTopics: true,
    pollMessages: true,
    sendMessages: true,
  };
}
