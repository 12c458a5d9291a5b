// Users and personal access tokens.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { UserStatus, type GlobalPermissions, type Permissions, type StreamPermissions, type TopicPermissions } from '@iggy-node/sdk';
import { z } from 'zod';
import { parseExpiryMicros } from './stream-topic-tools.js';
import { identifierSchema, registerIggyTool, toIdentifier, type ToolContext } from './tool-context.js';

const userId = identifierSchema.describe('user identifier (name or number)');
const flag = z.boolean().optional();
const topicPermissionsSchema = z.object({ manage_topic: flag, read_topic: flag, poll_messages: flag, send_messages: flag });
const streamPermissionsSchema = z.object({
  manage_stream: flag,
  read_stream: flag,
  manage_topics: flag,
  read_topics: flag,
  poll_messages: flag,
  send_messages: flag,
  topics: z.record(z.string().regex(/^\d+$/), topicPermissionsSchema).optional(),
});
const permissionsSchema = z
  .object({
    global: z
      .object({
        manage_servers: flag,
        read_servers: flag,
        manage_users: flag,
        read_users: flag,
        manage_streams: flag,
        read_streams: flag,
        manage_topics: flag,
        read_topics: flag,
        poll_messages: flag,
        send_messages: flag,
      })
      .optional(),
    streams: z.record(z.string().regex(/^\d+$/), streamPermissionsSchema).optional(),
  })
  .optional()
  .describe('permissions (optional): { global: {...}, streams: { "<stream id>": { ..., topics: { "<topic id>": {...} } } } }');

type PermissionsInput = z.infer<typeof permissionsSchema>;

export function registerUserTools(server: McpServer, context: ToolContext): void {
  const { client } = context;
  registerIggyTool(server, context, 'get_users', 'Get users', 'read', {}, () => client.getUsers());
  registerIggyTool(server, context, 'get_user', 'Get user', 'read', { user_id: userId }, async ({ user_id }) =>
    (await client.getUser(toIdentifier(user_id))) ?? { error: `user ${user_id} not found` },
  );
  registerIggyTool(
    server,
    context,
    'create_user',
    'Create user',
    'create',
    { username: z.string().min(1).describe('username'), password: z.string().min(1).describe('password'), active: z.boolean().optional().describe('active (optional)'), permissions: permissionsSchema },
    ({ username, password, active, permissions }) =>
      client.createUser({ username, password, status: active === false ? UserStatus.Inactive : UserStatus.Active, permissions: toPermissions(permissions) }),
  );
  registerIggyTool(
    server,
    context,
    'update_user',
    'Update user',
    'update',
    { user_id: userId, username: z.string().min(1).optional().describe('username (optional)'), active: z.boolean().optional().describe('active (optional)') },
    ({ user_id, username, active }) =>
      client.updateUser({
        userId: toIdentifier(user_id),
        ...(username !== undefined ? { username } : {}),
        ...(active !== undefined ? { status: active ? UserStatus.Active : UserStatus.Inactive } : {}),
      }),
  );
  registerIggyTool(server, context, 'delete_user', 'Delete user', 'delete', { user_id: userId }, ({ user_id }) => client.deleteUser(toIdentifier(user_id)));
  registerIggyTool(server, context, 'update_permissions', 'Update permissions', 'update', { user_id: userId, permissions: permissionsSchema }, ({ user_id, permissions }) =>
    client.updatePermissions(toIdentifier(user_id), toPermissions(permissions)),
  );
  registerIggyTool(
    server,
    context,
    'change_password',
    'Change password',
    'update',
    { user_id: userId, current_password: z.string().describe('current password'), new_password: z.string().min(1).describe('new password') },
    ({ user_id, current_password, new_password }) => client.changePassword(toIdentifier(user_id), current_password, new_password),
  );

  registerIggyTool(server, context, 'get_personal_access_tokens', 'Get personal access tokens', 'read', {}, () => client.getPersonalAccessTokens());
  // Iggy's MCP server checks only 'read' for creating and deleting tokens; here creating a
  // token needs 'create' and deleting one 'delete', as for every other resource.
  registerIggyTool(
    server,
    context,
    'create_personal_access_token',
    'Create personal access token',
    'create',
    { name: z.string().min(1).describe('personal access token name'), expiry: z.string().optional().describe("personal access token expiry (optional): microseconds or a duration like '30d'; none = never") },
    async ({ name, expiry }) => ({ token: await client.createPersonalAccessToken(name, expiry ? parseExpiryMicros(expiry) : 0n) }),
  );
  registerIggyTool(server, context, 'delete_personal_access_token', 'Delete personal access token', 'delete', { name: z.string().min(1).describe('personal access token name') }, ({ name }) =>
    client.deletePersonalAccessToken(name),
  );
}

function toPermissions(input: PermissionsInput): Permissions | null {
  if (!input) return null;
  const g = input.global ?? {};
  const global: GlobalPermissions = {
    manageServers: g.manage_servers ?? false,
    readServers: g.read_servers ?? false,
    manageUsers: g.manage_users ?? false,
    readUsers: g.read_users ?? false,
    manageStreams: g.manage_streams ?? false,
    readStreams: g.read_streams ?? false,
    manageTopics: g.manage_topics ?? false,
    readTopics: g.read_topics ?? false,
    pollMessages: g.poll_messages ?? false,
    sendMessages: g.send_messages ?? false,
  };
  const streams = new Map<number, StreamPermissions>();
  for (const [streamKey, s] of Object.entries(input.streams ?? {})) {
    const topics = new Map<number, TopicPermissions>();
    for (const [topicKey, t] of Object.entries(s.topics ?? {})) {
      topics.set(Number(topicKey), { manageTopic: t.manage_topic ?? false, readTopic: t.read_topic ?? false, pollMessages: t.poll_messages ?? false, sendMessages: t.send_messages ?? false });
    }
    streams.set(Number(streamKey), {
      manageStream: s.manage_stream ?? false,
      readStream: s.read_stream ?? false,
      manageTopics: s.manage_topics ?? false,
      readTopics: s.read_topics ?? false,
      pollMessages: s.poll_messages ?? false,
      sendMessages: s.send_messages ?? false,
      topics,
    });
  }
  return { global, streams };
}
