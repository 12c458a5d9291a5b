// Streams, topics, partitions and segments.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CompressionAlgorithm, type CreateTopicOptions } from '@iggy-node/sdk';
import { z } from 'zod';
import { identifierSchema, registerIggyTool, toIdentifier, type ToolContext } from './tool-context.js';

const streamId = identifierSchema.describe('stream identifier (name or number)');
const topicId = identifierSchema.describe('topic identifier (name or number)');
const topicSettings = {
  compression_algorithm: z.enum(['none', 'gzip']).optional().describe("compression algorithm (optional, can be one of 'none', 'gzip')"),
  replication_factor: z.number().int().min(1).max(255).optional().describe('replication factor (optional, must be greater than 0)'),
  message_expiry: z.string().optional().describe("message expiry (optional): microseconds, or a duration such as '1h', '7d', 'none'"),
  max_size: z.string().optional().describe("maximum size (optional): bytes, or a size such as '10GB', 'unlimited'"),
};

export function registerStreamTopicTools(server: McpServer, context: ToolContext): void {
  const { client } = context;
  registerIggyTool(server, context, 'get_streams', 'Get streams', 'read', {}, () => client.getStreams());
  registerIggyTool(server, context, 'get_stream', 'Get stream', 'read', { stream_id: streamId }, async ({ stream_id }) =>
    notFound(await client.getStream(toIdentifier(stream_id)), `stream ${stream_id}`),
  );
  registerIggyTool(
    server,
    context,
    'create_stream',
    'Create stream',
    'create',
    { name: z.string().min(1).describe('stream name (required, must be unique)') },
    ({ name }) => client.createStream(name),
  );
  registerIggyTool(
    server,
    context,
    'update_stream',
    'Update stream',
    'update',
    { stream_id: streamId, name: z.string().min(1).describe('stream name (required, must be unique)') },
    ({ stream_id, name }) => client.updateStream(toIdentifier(stream_id), name),
  );
  registerIggyTool(server, context, 'delete_stream', 'Delete stream', 'delete', { stream_id: streamId }, ({ stream_id }) =>
    client.deleteStream(toIdentifier(stream_id)),
  );
  registerIggyTool(server, context, 'purge_stream', 'Purge stream', 'delete', { stream_id: streamId }, ({ stream_id }) =>
    client.purgeStream(toIdentifier(stream_id)),
  );

  registerIggyTool(server, context, 'get_topics', 'Get topics', 'read', { stream_id: streamId }, ({ stream_id }) =>
    client.getTopics(toIdentifier(stream_id)),
  );
  registerIggyTool(server, context, 'get_topic', 'Get topic', 'read', { stream_id: streamId, topic_id: topicId }, async ({ stream_id, topic_id }) =>
    notFound(await client.getTopic(toIdentifier(stream_id), toIdentifier(topic_id)), `topic ${topic_id}`),
  );
  registerIggyTool(
    server,
    context,
    'create_topic',
    'Create topic',
    'create',
    {
      stream_id: streamId,
      name: z.string().min(1).describe('name (required, must be unique)'),
      partitions_count: z.number().int().min(0).describe('partitions count (required)'),
      ...topicSettings,
    },
    (args) => client.createTopic({ streamId: toIdentifier(args.stream_id), name: args.name, partitionsCount: args.partitions_count, ...topicOptions(args) }),
  );
  registerIggyTool(
    server,
    context,
    'update_topic',
    'Update topic',
    'update',
    { stream_id: streamId, topic_id: topicId, name: z.string().min(1).describe('name (required, must be unique)'), ...topicSettings },
    (args) => client.updateTopic({ streamId: toIdentifier(args.stream_id), topicId: toIdentifier(args.topic_id), name: args.name, ...topicOptions(args) }),
  );
  registerIggyTool(server, context, 'delete_topic', 'Delete topic', 'delete', { stream_id: streamId, topic_id: topicId }, ({ stream_id, topic_id }) =>
    client.deleteTopic(toIdentifier(stream_id), toIdentifier(topic_id)),
  );
  registerIggyTool(server, context, 'purge_topic', 'Purge topic', 'delete', { stream_id: streamId, topic_id: topicId }, ({ stream_id, topic_id }) =>
    client.purgeTopic(toIdentifier(stream_id), toIdentifier(topic_id)),
  );

  const partitionsCount = z.number().int().min(1).describe('partitions count (required, must be greater than 0)');
  registerIggyTool(
    server,
    context,
    'create_partitions',
    'Create partitions',
    'create',
    { stream_id: streamId, topic_id: topicId, partitions_count: partitionsCount },
    ({ stream_id, topic_id, partitions_count }) => client.createPartitions(toIdentifier(stream_id), toIdentifier(topic_id), partitions_count),
  );
  registerIggyTool(
    server,
    context,
    'delete_partitions',
    'Delete partitions',
    'delete',
    { stream_id: streamId, topic_id: topicId, partitions_count: partitionsCount },
    ({ stream_id, topic_id, partitions_count }) => client.deletePartitions(toIdentifier(stream_id), toIdentifier(topic_id), partitions_count),
  );
  registerIggyTool(
    server,
    context,
    'delete_segments',
    'Delete segments',
    'delete',
    {
      stream_id: streamId,
      topic_id: topicId,
      partition_id: z.number().int().nonnegative().describe('partition identifier (number)'),
      segments_count: z.number().int().min(1).describe('segments count (required, must be greater than 0)'),
    },
    ({ stream_id, topic_id, partition_id, segments_count }) =>
      client.deleteSegments(toIdentifier(stream_id), toIdentifier(topic_id), partition_id, segments_count),
  );
}

function notFound<T>(value: T | null, what: string): T | { error: string } {
  return value ?? { error: `${what} not found` };
}

function topicOptions(args: { compression_algorithm?: string; replication_factor?: number; message_expiry?: string; max_size?: string }): Partial<CreateTopicOptions> {
  const options: Partial<CreateTopicOptions> = {};
  if (args.compression_algorithm) options.compression = args.compression_algorithm === 'gzip' ? CompressionAlgorithm.Gzip : CompressionAlgorithm.None;
  if (args.replication_factor !== undefined) options.replicationFactor = args.replication_factor;
  if (args.message_expiry !== undefined) options.messageExpiryMicros = parseExpiryMicros(args.message_expiry);
  if (args.max_size !== undefined) options.maxTopicSizeBytes = parseSizeBytes(args.max_size);
  return options;
}

const DURATION_UNITS_MICROS: Record<string, bigint> = { us: 1n, ms: 1000n, s: 1_000_000n, m: 60_000_000n, h: 3_600_000_000n, d: 86_400_000_000n };
const SIZE_UNITS_BYTES: Record<string, bigint> = { b: 1n, kb: 1000n, mb: 1000n ** 2n, gb: 1000n ** 3n, tb: 1000n ** 4n, kib: 1024n, mib: 1024n ** 2n, gib: 1024n ** 3n, tib: 1024n ** 4n };

/** 0 means the server default; 'none'/'never' is u64::MAX (never expire), as Iggy's CLI writes it. */
export function parseExpiryMicros(text: string): bigint {
  const value = text.trim().toLowerCase();
  if (value === 'server_default' || value === 'default' || value === '') return 0n;
  if (value === 'none' || value === 'never' || value === 'unlimited') return 2n ** 64n - 1n;
  const match = /^(\d+)\s*(us|ms|s|m|h|d)?$/.exec(value);
  if (!match) throw new Error(`message_expiry "${text}" is not a number of microseconds or a duration like 1h`);
  return BigInt(match[1]!) * DURATION_UNITS_MICROS[match[2] ?? 'us']!;
}

export function parseSizeBytes(text: string): bigint {
  const value = text.trim().toLowerCase();
  if (value === 'server_default' || value === 'default' || value === '') return 0n;
  if (value === 'unlimited' || value === 'none') return 2n ** 64n - 1n;
  const match = /^(\d+)\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)?$/.exec(value);
  if (!match) throw new Error(`max_size "${text}" is not a number of bytes or a size like 10GB`);
  return BigInt(match[1]!) * SIZE_UNITS_BYTES[match[2] ?? 'b']!;
}
