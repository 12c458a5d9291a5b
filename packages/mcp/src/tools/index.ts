// Every tool of iggy-mcp, registered on one McpServer.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerGroupOffsetTools } from './group-offset-tools.js';
import { registerMessageTools } from './message-tools.js';
import { registerStreamTopicTools } from './stream-topic-tools.js';
import { registerSystemTools } from './system-tools.js';
import type { ToolContext } from './tool-context.js';
import { registerUserTools } from './user-tools.js';

export type { ToolContext } from './tool-context.js';

export function registerAllTools(server: McpServer, context: ToolContext): void {
  registerSystemTools(server, context);
  registerStreamTopicTools(server, context);
  registerGroupOffsetTools(server, context);
  registerMessageTools(server, context);
  registerUserTools(server, context);
}
