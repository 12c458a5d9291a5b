import { Consumer, headerValueToJs } from '@iggy-node/sdk';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { parseInteger } from '../../args/parse-integer.js';
import { parsePollingStrategy } from '../../args/parse-polling-strategy.js';
import { defineCommand } from '../../define-command.js';
import { partitionIdArg, streamIdArg, topicIdArg } from '../../positionals.js';

export const messagePoll = defineCommand({
  command: 'poll <stream-id> <topic-id> <partition-id>',
  describe: 'Poll messages from a partition and print offset, timestamp and payload text',
  builder: (y) =>
    y
      .positional('stream-id', streamIdArg)
      .positional('topic-id', topicIdArg)
      .positional('partition-id', partitionIdArg)
      .option('offset', { type: 'string', describe: 'Start at this offset' })
      .option('timestamp', { type: 'string', describe: 'Start at this time (µs since the epoch)' })
      .option('first', { type: 'boolean', describe: 'Start at the first message' })
      .option('last', { type: 'boolean', describe: 'The last messages' })
      .option('next', { type: 'boolean', describe: "After the consumer's stored offset" })
      .option('count', { type: 'string', default: '1', describe: 'Messages to poll' })
      .option('consumer', { type: 'string', default: '1', describe: 'Consumer ID or name' })
      .option('auto-commit', { type: 'boolean', default: false, describe: "Store the consumer's offset after polling" })
      .option('show-headers', { type: 'boolean', default: false, describe: 'Add a headers column' }),
  run: async (args, context) => {
    const request = {
      consumer: Consumer.single(parseIdentifier(args.consumer)),
      streamId: parseIdentifier(args.streamId),
      topicId: parseIdentifier(args.topicId),
      partitionId: parseInteger(args.partitionId, 'partition id'),
      strategy: parsePollingStrategy(args),
      count: parseInteger(args.count, 'count', 1),
      autoCommit: args.autoCommit,
    };
    const client = await context.client();
    const polled = await client.pollMessages(request);
    const messages = polled.messages.map((m) => ({
      offset: m.offset,
      timestamp: m.timestamp,
      id: m.id,
      payload: m.payload.toString('utf8'),
      headers: m.headers
        ? Object.fromEntries(Object.entries(m.headers).map(([key, value]) => [key, headerValueToJs(value)]))
        : null,
    }));
    if (context.output.format === 'json') {
      return context.output.record({ partitionId: polled.partitionId, currentOffset: polled.currentOffset, messages });
    }
    context.output.info(`Polled ${messages.length} messages from partition ${polled.partitionId}`);
    context.output.list(messages, args.showHeaders ? ['offset', 'timestamp', 'payload', 'headers'] : ['offset', 'timestamp', 'payload']);
  },
});
