// iggy-mcp against a real server, driven by the MCP SDK's own client over stdio and HTTP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startIggyServer, type IggyTestServer } from './helpers/iggy-server.js';
import { childEnv, MCP_MAIN_PATH, startMcpHttp } from './helpers/mcp-process.js';

function textOf(result: unknown): string {
  const content = (result as CallToolResult).content;
  const first = content[0];
  assert.ok(first && first.type === 'text', 'tool result has a text part');
  return first.text;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<unknown> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.notEqual(result.isError, true, `${name} failed: ${textOf(result)}`);
  return JSON.parse(textOf(result)) as unknown;
}

async function stdioClient(env: Record<string, string>): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [MCP_MAIN_PATH], env: childEnv({ IGGY_MCP_TRANSPORT: 'stdio', ...env }), stderr: 'pipe' });
  const client = new Client({ name: 'iggy-mcp-test', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

describe('iggy-mcp', () => {
  let server: IggyTestServer;
  before(async () => {
    server = await startIggyServer();
  });
  after(async () => {
    await server?.stop();
  });

  test('stdio: lists the tools, creates a stream and topic, sends and polls messages', async () => {
    const client = await stdioClient({ IGGY_MCP_IGGY_ADDRESS: server.tcpAddress });
    try {
      const { tools } = await client.listTools();
      const names = new Set(tools.map((tool) => tool.name));
      for (const expected of ['ping', 'get_streams', 'create_stream', 'create_topic', 'create_partitions', 'get_consumer_groups', 'store_consumer_offset', 'get_users', 'create_personal_access_token', 'get_stats', 'snapshot', 'send_messages', 'poll_messages', 'delete_stream']) {
        assert.ok(names.has(expected), `tool ${expected} is offered`);
      }
      await call(client, 'ping');
      const stream = (await call(client, 'create_stream', { name: 'mcp-stdio' })) as { id: number; name: string };
      assert.equal(stream.name, 'mcp-stdio');
      await call(client, 'create_topic', { stream_id: 'mcp-stdio', name: 'events', partitions_count: 1 });
      const sent = (await call(client, 'send_messages', {
        stream_id: 'mcp-stdio',
        topic_id: 'events',
        partitioning: 'partition',
        partition_id: 0,
        messages: [{ payload: 'hello' }, { payload: Buffer.from([0xff, 0x00, 0x01]).toString('base64'), encoding: 'base64' }, { id: 42, payload: '{"n":3}' }],
      })) as { sent: number };
      assert.equal(sent.sent, 3);
      const polled = (await call(client, 'poll_messages', { stream_id: 'mcp-stdio', topic_id: 'events', partition_id: 0, strategy: 'first', count: 10 })) as {
        count: number;
        messages: { payload: string; payload_encoding: string; offset: number; id: string }[];
      };
      assert.equal(polled.count, 3);
      assert.deepEqual(polled.messages.map((m) => [m.offset, m.payload, m.payload_encoding]), [
        [0, 'hello', 'utf8'],
        [1, '/wAB', 'base64'],
        [2, '{"n":3}', 'utf8'],
      ]);
      assert.equal(polled.messages[2]!.id, '42');
      // A payload above the per-message bound is shown cut and marked.
      await call(client, 'send_messages', { stream_id: 'mcp-stdio', topic_id: 'events', partitioning: 'partition', partition_id: 0, messages: [{ payload: 'x'.repeat(70 * 1024) }] });
      const big = (await call(client, 'poll_messages', { stream_id: 'mcp-stdio', topic_id: 'events', partition_id: 0, offset: 3, count: 1 })) as {
        messages: { payload: string; payload_size: number; payload_truncated?: boolean }[];
      };
      assert.equal(big.messages[0]!.payload_size, 70 * 1024);
      assert.equal(big.messages[0]!.payload.length, 64 * 1024);
      assert.equal(big.messages[0]!.payload_truncated, true);
      // A count beyond the bound is refused by the tool's schema, not served.
      const tooMany = (await client.callTool({ name: 'poll_messages', arguments: { stream_id: 'mcp-stdio', topic_id: 'events', partition_id: 0, count: 1_000_000 } })) as CallToolResult;
      assert.equal(tooMany.isError, true);
      // Iggy errors come back as tool errors with the numeric code.
      const missing = (await client.callTool({ name: 'create_stream', arguments: { name: 'mcp-stdio' } })) as CallToolResult;
      assert.equal(missing.isError, true);
      assert.match(textOf(missing), /"code": \d+/);
    } finally {
      await client.close();
    }
  });

  test('stdio: logs in with a personal access token (IGGY_MCP_IGGY_TOKEN)', async () => {
    const admin = await server.client();
    const token = await admin.createPersonalAccessToken('mcp-test-token');
    const client = await stdioClient({ IGGY_MCP_IGGY_ADDRESS: server.tcpAddress, IGGY_MCP_IGGY_TOKEN: token, IGGY_MCP_IGGY_PASSWORD: 'wrong-password-unused' });
    try {
      const me = (await call(client, 'get_me')) as { userId?: number; username?: string };
      assert.ok(me, 'get_me answers for the token user');
      const tokens = (await call(client, 'get_personal_access_tokens')) as { name: string }[];
      assert.ok(tokens.some((t) => t.name === 'mcp-test-token'));
    } finally {
      await client.close();
    }
  });

  test('http: serves the tools; IGGY_MCP_PERMISSIONS_DELETE=false refuses a delete', async () => {
    const mcp = await startMcpHttp({ IGGY_MCP_IGGY_ADDRESS: server.tcpAddress, IGGY_MCP_PERMISSIONS_DELETE: 'false', IGGY_MCP_HTTP_PATH: '/mcp' });
    const client = new Client({ name: 'iggy-mcp-test', version: '0.0.0' });
    try {
      await client.connect(new StreamableHTTPClientTransport(mcp.url));
      const { tools } = await client.listTools();
      assert.ok(tools.length >= 40, `expected the full tool set, got ${tools.length}`);
      await call(client, 'create_stream', { name: 'mcp-http' });
      await call(client, 'create_topic', { stream_id: 'mcp-http', name: 't', partitions_count: 2 });
      await call(client, 'send_messages', { stream_id: 'mcp-http', topic_id: 't', messages: [{ payload: 'a' }, { payload: 'b' }] });
      const topic = (await call(client, 'get_topic', { stream_id: 'mcp-http', topic_id: 't' })) as { messagesCount: number; partitionsCount: number };
      assert.equal(topic.partitionsCount, 2);
      assert.equal(topic.messagesCount, 2);

      const refused = (await client.callTool({ name: 'delete_stream', arguments: { stream_id: 'mcp-http' } })) as CallToolResult;
      assert.equal(refused.isError, true);
      assert.match(textOf(refused), /Insufficient 'delete' permissions/);
      const stillThere = (await call(client, 'get_stream', { stream_id: 'mcp-http' })) as { name: string };
      assert.equal(stillThere.name, 'mcp-http');
      // Reads and creates stay allowed.
      const streams = (await call(client, 'get_streams')) as { name: string }[];
      assert.ok(streams.some((s) => s.name === 'mcp-http'));
    } finally {
      await client.close();
      await mcp.stop();
    }
  });
});
