// Server-wide tools: ping, stats, cluster metadata, clients, the caller, snapshots.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SnapshotCompression, SnapshotType } from '@iggy-node/sdk';
import { z } from 'zod';
import { registerIggyTool, type ToolContext } from './tool-context.js';

const SNAPSHOT_COMPRESSION_NAMES: Record<string, SnapshotCompression> = {
  stored: SnapshotCompression.Stored,
  deflated: SnapshotCompression.Deflated,
  bzip2: SnapshotCompression.Bzip2,
  zstd: SnapshotCompression.Zstd,
  lzma: SnapshotCompression.Lzma,
  xz: SnapshotCompression.Xz,
};

const SNAPSHOT_TYPE_NAMES: Record<string, SnapshotType> = {
  filesystem_overview: SnapshotType.FilesystemOverview,
  process_list: SnapshotType.ProcessList,
  resource_usage: SnapshotType.ResourceUsage,
  test: SnapshotType.Test,
  server_logs: SnapshotType.ServerLogs,
  server_config: SnapshotType.ServerConfig,
  all: SnapshotType.All,
};

export function registerSystemTools(server: McpServer, context: ToolContext): void {
  const { client } = context;
  registerIggyTool(server, context, 'ping', 'Ping', 'read', {}, async () => {
    await client.ping();
    return { pong: true };
  });
  registerIggyTool(server, context, 'get_stats', 'Get stats', 'read', {}, () => client.getStats());
  registerIggyTool(server, context, 'get_cluster_metadata', 'Get cluster metadata', 'read', {}, () => client.getClusterMetadata());
  registerIggyTool(server, context, 'get_me', 'Get me', 'read', {}, () => client.getMe());
  registerIggyTool(server, context, 'get_clients', 'Get clients', 'read', {}, () => client.getClients());
  registerIggyTool(
    server,
    context,
    'get_client',
    'Get client',
    'read',
    { client_id: z.number().int().nonnegative().describe('client identifier (number)') },
    async ({ client_id }) => (await client.getClient(client_id)) ?? { error: `client ${client_id} not found` },
  );
  registerIggyTool(
    server,
    context,
    'snapshot',
    'Snapshot: a ZIP archive of server diagnostics, base64 encoded',
    'read',
    {
      compression: z.enum(Object.keys(SNAPSHOT_COMPRESSION_NAMES) as [string, ...string[]]).optional().describe('compression (optional, default deflated)'),
      types: z.array(z.enum(Object.keys(SNAPSHOT_TYPE_NAMES) as [string, ...string[]])).optional().describe('types (optional, default all)'),
    },
    async ({ compression, types }) => {
      const snapshot = await client.getSnapshot({
        compression: SNAPSHOT_COMPRESSION_NAMES[compression ?? 'deflated']!,
        types: (types && types.length > 0 ? types : ['all']).map((name) => SNAPSHOT_TYPE_NAMES[name]!),
      });
      const bytes = Buffer.isBuffer(snapshot) ? snapshot : Buffer.from(snapshot as unknown as Uint8Array);
      return { size_bytes: bytes.length, zip_base64: bytes.toString('base64') };
    },
  );
}
