// iggy-mcp entry point: load the config, connect to Iggy, serve MCP over stdio or HTTP until
// SIGINT/SIGTERM (stdio also ends when the host closes stdin). Logs go to stderr only, since
// stdout carries the MCP protocol in stdio mode.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { Consumer } from '@iggy-node/sdk';
import { loadMcpConfig } from './config.js';
import { startMcpHttpServer } from './http-transport.js';
import { connectIggy } from '@iggy-node/tool-support';
import { createMcpServer } from './mcp-server.js';

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} iggy-mcp: ${line}\n`);
}

async function main(): Promise<void> {
  const { config, path, warnings } = loadMcpConfig();
  log(path ? `configuration loaded from ${path}` : 'no configuration file; defaults and IGGY_MCP_* environment');
  for (const warning of warnings) log(`WARN ${warning}`);
  const client = await connectIggy(config.iggy);
  log(`connected to Iggy at ${config.iggy.address} as ${config.iggy.token ? 'a personal access token' : config.iggy.username}`);
  const context = { client, consumer: Consumer.single(config.iggy.consumer || 'iggy-mcp'), permissions: config.permissions };

  let stopping = false;
  let closeTransport: () => Promise<void> = async () => {};
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    log(`stopping (${reason})`);
    await closeTransport().catch(() => undefined);
    await client.close().catch(() => undefined);
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (config.transport === 'stdio') {
    const server = createMcpServer(context);
    const transport = new StdioServerTransport();
    transport.onclose = () => void shutdown('stdin closed');
    process.stdin.once('end', () => void shutdown('stdin closed'));
    await server.connect(transport);
    closeTransport = () => server.close();
    log('serving MCP over stdio');
  } else {
    const http = await startMcpHttpServer(config.http, context, log);
    closeTransport = () => http.close();
    const scheme = config.http.tls.enabled ? 'https' : 'http';
    // The test harness and operators read this line to find a port bound as 0.
    log(`serving MCP over ${scheme} at ${scheme}://${http.address.host}:${http.address.port}${config.http.path}`);
  }
}

main().catch((error: unknown) => {
  log(`fatal: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
