import { parseMaxTopicSize } from '../../args/parse-byte-size.js';
import { parseExpiryMicros } from '../../args/parse-expiry.js';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { nameArg, streamIdArg, topicIdArg } from '../../positionals.js';
import { parseCompression, topicOptions } from './topic-options.js';

export const topicUpdate = defineCommand({
  command: 'update <stream-id> <topic-id> <name>',
  describe: 'Change a topic (every field is sent; unset flags take their defaults, as in Iggy)',
  builder: (y) =>
    y.positional('stream-id', streamIdArg).positional('topic-id', topicIdArg).positional('name', nameArg).options(topicOptions),
  run: async (args, context) => {
    const request = {
      streamId: parseIdentifier(args.streamId),
      topicId: parseIdentifier(args.topicId),
      name: args.name,
      compression: parseCompression(args.compressionAlgorithm),
      messageExpiryMicros: parseExpiryMicros(args.messageExpiry),
      maxTopicSizeBytes: parseMaxTopicSize(args.maxTopicSize),
      replicationFactor: args.replicationFactor,
    };
    const client = await context.client();
    await client.updateTopic(request);
    context.output.info(`Topic ${args.topicId} in stream ${args.streamId} updated`);
  },
});
