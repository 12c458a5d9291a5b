// Consumer groups and consumer offsets (the offsets of the [iggy] consumer).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { identifierSchema, registerIggyTool, toIdentifier, type ToolContext } from './tool-context.js';

const streamId = identifierSchema.describe('stream identifier (name or number)');
const topicId = identifierSchema.describe('topic identifier (name or number)');
const groupId = identifierSchema.describe('consumer group identifier (name or number)');
const partitionId = z.number().int().nonnegative().optional().describe('partition identifier (optional, number)');

export function registerGroupOffsetTools(server: McpServer, context: ToolContext): void {
  const { client, consumer } = context;
  registerIggyTool(server, context, 'get_consumer_groups', 'Get consumer groups', 'read', { stream_id: streamId, topic_id: topicId }, ({ stream_id, topic_id }) =>
    client.getConsumerGroups(toIdentifier(stream_id), toIdentifier(topic_id)),
  );
  registerIggyTool(
    server,
    context,
    'get_consumer_group',
    'Get consumer group',
    'read',
    { stream_id: streamId, topic_id: topicId, group_id: groupId },
    async ({ stream_id, topic_id, group_id }) =>
      (await client.getConsumerGroup(toIdentifier(stream_id), toIdentifier(topic_id), toIdentifier(group_id))) ?? { error: `consumer group ${group_id} not found` },
  );
  registerIggyTool(
    server,
    context,
    'create_consumer_group',
    'Create consumer group',
    'create',
    { stream_id: streamId, topic_id: topicId, name: z.string().min(1).describe('consumer group name (required, must be unique)') },
    ({ stream_id, topic_id, name }) => client.createConsumerGroup(toIdentifier(stream_id), toIdentifier(topic_id), name),
  );
  registerIggyTool(
    server,
    context,
    'delete_consumer_group',
    'Delete consumer group',
    'delete',
    { stream_id: streamId, topic_id: topicId, group_id: groupId },
    ({ stream_id, topic_id, group_id }) => client.deleteConsumerGroup(toIdentifier(stream_id), toIdentifier(topic_id), toIdentifier(group_id)),
  );

  const target = (args: { stream_id: string | number; topic_id: string | number; partition_id?: number | undefined }) => ({
    consumer,
    streamId: toIdentifier(args.stream_id),
    topicId: toIdentifier(args.topic_id),
    partitionId: args.partition_id ?? null,
  });
  registerIggyTool(
    server,
    context,
    'get_consumer_offset',
    'Get consumer offset',
    'read',
    { stream_id: streamId, topic_id: topicId, partition_id: partitionId },
    async (args) => (await client.getConsumerOffset(target(args))) ?? { error: 'no offset stored' },
  );
  // Iggy's MCP server checks only 'read' for storing and deleting offsets; a write is an update
  // and a removal is a delete, so those switches govern them here.
  registerIggyTool(
    server,
    context,
    'store_consumer_offset',
    'Store consumer offset',
    'update',
    { stream_id: streamId, topic_id: topicId, partition_id: partitionId, offset: z.number().int().nonnegative().describe('offset (required, number)') },
    (args) => client.storeConsumerOffset({ ...target(args), offset: BigInt(args.offset) }),
  );
  registerIggyTool(
    server,
    context,
    'delete_consumer_offset',
    'Delete consumer offset',
    'delete',
    { stream_id: streamId, topic_id: topicId, partition_id: partitionId },
    (args) => client.deleteConsumerOffset(target(args)),
  );
}
