import { UserStatus, type GlobalPermissions, type Permissions } from '@iggy-node/sdk';
import { CliArgsError } from './cli-args-error.js';

// Iggy's permission names (snake_case, as in its JSON and CLI help) to our field names.
const GLOBAL_FLAGS: Record<string, keyof GlobalPermissions> = {
  manage_servers: 'manageServers',
  read_servers: 'readServers',
  manage_users: 'manageUsers',
  read_users: 'readUsers',
  manage_streams: 'manageStreams',
  read_streams: 'readStreams',
  manage_topics: 'manageTopics',
  read_topics: 'readTopics',
  poll_messages: 'pollMessages',
  send_messages: 'sendMessages',
};

export const GLOBAL_PERMISSION_NAMES = Object.keys(GLOBAL_FLAGS);

/**
 * Global permissions from a comma separated list of names ("read_streams,poll_messages") or
 * "all"; null for no list (no permissions). Per-stream permissions are not taken here.
 */
export function parseGlobalPermissions(list: string | undefined): Permissions | null {
  if (list === undefined) return null;
  const global = Object.fromEntries(Object.values(GLOBAL_FLAGS).map((field) => [field, false])) as unknown as GlobalPermissions;
  for (const name of list.split(',').map((item) => item.trim()).filter((item) => item.length > 0)) {
    if (name === 'all') {
      for (const field of Object.values(GLOBAL_FLAGS)) global[field] = true;
      continue;
    }
    const field = GLOBAL_FLAGS[name];
    if (field === undefined) throw new CliArgsError(`unknown permission "${name}" (one of all, ${GLOBAL_PERMISSION_NAMES.join(', ')})`);
    global[field] = true;
  }
  return { global, streams: new Map() };
}

/** "active" or "inactive". */
export function parseUserStatus(text: string): UserStatus {
  if (text === 'active') return UserStatus.Active;
  if (text === 'inactive') return UserStatus.Inactive;
  throw new CliArgsError(`invalid user status "${text}" (active or inactive)`);
}
