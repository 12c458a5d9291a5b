// send_messages and poll_messages, with the counts and shown payload sizes bounded so a model
// cannot pull gigabytes into its context.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Partitioning, PollingStrategy, headerValueToJs, type PolledMessage, type SendMessage } from '@iggy-node/sdk';
import { z } from 'zod';
import { POLLED_PAYLOAD_BYTES_MAX, POLL_MESSAGES_COUNT_DEFAULT, POLL_MESSAGES_COUNT_MAX, POLL_RESPONSE_PAYLOAD_BYTES_MAX, SEND_MESSAGES_COUNT_MAX } from '../limits.js';
import { identifierSchema, registerIggyTool, toIdentifier, type ToolContext } from './tool-context.js';

const streamId = identifierSchema.describe('stream identifier (name or number)');
const topicId = identifierSchema.describe('topic identifier (name or number)');

export function registerMessageTools(server: McpServer, context: ToolContext): void {
  const { client, consumer } = context;
  registerIggyTool(
    server,
    context,
    'poll_messages',
    `Poll messages (at most ${POLL_MESSAGES_COUNT_MAX} per call; payloads shown as UTF-8 text when they are, else base64)`,
    'read',
    {
      stream_id: streamId,
      topic_id: topicId,
      partition_id: z.number().int().nonnegative().optional().describe('partition identifier (optional, number)'),
      strategy: z.enum(['offset', 'first', 'last', 'next', 'timestamp']).optional().describe("strategy (optional: offset (default), first, last, next, timestamp)"),
      offset: z.number().int().nonnegative().optional().describe('offset to start from (optional)'),
      timestamp: z.number().int().nonnegative().optional().describe('timestamp to start from (optional, microseconds from Unix Epoch)'),
      count: z.number().int().min(1).max(POLL_MESSAGES_COUNT_MAX).optional().describe(`count (optional, 1..${POLL_MESSAGES_COUNT_MAX}, default ${POLL_MESSAGES_COUNT_DEFAULT})`),
      auto_commit: z.boolean().optional().describe('auto commit (optional, boolean; always on for strategy next)'),
    },
    async (args) => {
      const strategy = pollingStrategy(args.strategy, args.offset ?? 0, args.timestamp);
      const polled = await client.pollMessages({
        consumer,
        streamId: toIdentifier(args.stream_id),
        topicId: toIdentifier(args.topic_id),
        partitionId: args.partition_id ?? null,
        strategy,
        count: args.count ?? POLL_MESSAGES_COUNT_DEFAULT,
        // As Iggy's MCP server: 'next' only makes sense when the offset moves on.
        autoCommit: strategy.kind === 'next' ? true : (args.auto_commit ?? false),
      });
      return {
        partition_id: polled.partitionId,
        current_offset: polled.currentOffset,
        count: polled.messages.length,
        messages: describeMessages(polled.messages),
      };
    },
  );
  registerIggyTool(
    server,
    context,
    'send_messages',
    `Send messages (at most ${SEND_MESSAGES_COUNT_MAX} per call)`,
    'create',
    {
      stream_id: streamId,
      topic_id: topicId,
      partition_id: z.number().int().nonnegative().optional().describe("partition identifier (optional, number; with partitioning 'partition')"),
      partitioning: z.enum(['balanced', 'partition', 'key']).optional().describe("partitioning (optional: balanced (default), partition, key)"),
      messages_key: z.string().optional().describe("messages key (with partitioning 'key')"),
      messages: z
        .array(
          z.object({
            id: z.union([z.number().int().nonnegative(), z.string().regex(/^\d+$/)]).optional().describe('message identifier (optional, u128 as number or decimal string)'),
            payload: z.string().describe('message payload'),
            encoding: z.enum(['utf8', 'base64']).optional().describe('payload encoding (optional, default utf8)'),
          }),
        )
        .min(1)
        .max(SEND_MESSAGES_COUNT_MAX)
        .describe('messages collection'),
    },
    async (args) => {
      let partitioning = Partitioning.balanced();
      if (args.partitioning === 'partition') partitioning = Partitioning.partitionId(args.partition_id ?? 0);
      else if (args.partitioning === 'key') {
        if (!args.messages_key) throw new Error('Messages key cannot be empty');
        partitioning = Partitioning.messagesKey(args.messages_key);
      }
      const messages: SendMessage[] = args.messages.map((message) => ({
        ...(message.id !== undefined ? { id: BigInt(message.id) } : {}),
        payload: Buffer.from(message.payload, message.encoding === 'base64' ? 'base64' : 'utf8'),
      }));
      await client.sendMessages({ streamId: toIdentifier(args.stream_id), topicId: toIdentifier(args.topic_id), partitioning, messages });
      return { sent: messages.length };
    },
  );
}

function pollingStrategy(kind: string | undefined, offset: number, timestamp: number | undefined): PollingStrategy {
  switch (kind) {
    case 'first':
      return PollingStrategy.first();
    case 'last':
      return PollingStrategy.last();
    case 'next':
      return PollingStrategy.next();
    case 'timestamp':
      return PollingStrategy.timestamp(timestamp ?? Date.now() * 1000);
    default:
      return PollingStrategy.offset(offset);
  }
}

/** Each payload is cut at POLLED_PAYLOAD_BYTES_MAX, and all of them together at POLL_RESPONSE_PAYLOAD_BYTES_MAX. */
function describeMessages(messages: readonly PolledMessage[]): Record<string, unknown>[] {
  let budget = POLL_RESPONSE_PAYLOAD_BYTES_MAX;
  return messages.map((message) => {
    const shownBytes = Math.min(message.payload.length, POLLED_PAYLOAD_BYTES_MAX, budget);
    budget -= shownBytes;
    return describeMessage(message, shownBytes);
  });
}

function describeMessage(message: PolledMessage, shownBytes: number): Record<string, unknown> {
  const shown = message.payload.subarray(0, shownBytes);
  const text = shown.toString('utf8');
  // A payload that survives a UTF-8 round trip is text; anything else is shown as base64.
  const isText = Buffer.from(text, 'utf8').equals(shown);
  return {
    id: message.id.toString(),
    offset: message.offset,
    timestamp: message.timestamp,
    origin_timestamp: message.originTimestamp,
    checksum: message.checksum,
    headers: message.headers ? Object.fromEntries(Object.entries(message.headers).map(([key, value]) => [key, headerValueToJs(value)])) : null,
    payload: isText ? text : shown.toString('base64'),
    payload_encoding: isText ? 'utf8' : 'base64',
    payload_size: message.payload.length,
    ...(message.payload.length > shown.length ? { payload_truncated: true } : {}),
  };
}
