// One McpServer with every Iggy tool; the transports below create one per session or request.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerAllTools, type ToolContext } from './tools/index.js';

export const MCP_SERVER_NAME = 'iggy-mcp';
export const MCP_SERVER_VERSION = '0.7.0';

export function createMcpServer(context: ToolContext): McpServer {
  const server = new McpServer(
    { name: MCP_SERVER_NAME, version: MCP_SERVER_VERSION },
    { instructions: 'Iggy message streaming server: manage streams, topics, partitions, consumer groups, users and tokens; send and poll messages.' },
  );
  registerAllTools(server, context);
  return server;
}
