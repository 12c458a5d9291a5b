// Library surface of iggy-mcp, for embedding the MCP server in another Node process.
export { createMcpServer, MCP_SERVER_NAME, MCP_SERVER_VERSION } from './mcp-server.js';
export { startMcpHttpServer, type McpHttpServer } from './http-transport.js';
export { loadMcpConfig, defaultMcpConfig, type McpServerConfig, type LoadedMcpConfig } from './config.js';
export { connectIggy, createIggyClient } from '@iggy-node/tool-support';
export { PermissionDeniedError, type Access, type PermissionSwitches } from './permissions.js';
export type { ToolContext } from './tools/index.js';
