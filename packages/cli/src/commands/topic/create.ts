import { parseMaxTopicSize } from '../../args/parse-byte-size.js';
import { parseExpiryMicros } from '../../args/parse-expiry.js';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { parseInteger } from '../../args/parse-integer.js';
import { defineCommand } from '../../define-command.js';
import { nameArg, streamIdArg } from '../../positionals.js';
import { parseCompression, topicOptions } from './topic-options.js';

export const topicCreate = defineCommand({
  command: 'create <stream-id> <name> <partitions-count>',
  describe: 'Create a topic in a stream',
  builder: (y) =>
    y
      .positional('stream-id', streamIdArg)
      .positional('name', nameArg)
      .positional('partitions-count', { type: 'string', demandOption: true, describe: 'Number of partitions' })
      .options(topicOptions),
  run: async (args, context) => {
    const request = {
      streamId: parseIdentifier(args.streamId),
      name: args.name,
      partitionsCount: parseInteger(args.partitionsCount, 'partitions count', 0, 1_000_000),
      compression: parseCompression(args.compressionAlgorithm),
      messageExpiryMicros: parseExpiryMicros(args.messageExpiry),
      maxTopicSizeBytes: parseMaxTopicSize(args.maxTopicSize),
      replicationFactor: args.replicationFactor,
    };
    const client = await context.client();
    const topic = await client.createTopic(request);
    context.output.info(`Topic "${topic.name}" created with ID ${topic.id} and ${topic.partitionsCount} partitions`);
    if (context.output.format === 'json') context.output.record(topic);
  },
});
