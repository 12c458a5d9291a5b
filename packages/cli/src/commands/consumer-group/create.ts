import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { nameArg, streamIdArg, topicIdArg } from '../../positionals.js';

export const consumerGroupCreate = defineCommand({
  command: 'create <stream-id> <topic-id> <name>',
  describe: 'Create a consumer group on a topic',
  builder: (y) => y.positional('stream-id', streamIdArg).positional('topic-id', topicIdArg).positional('name', nameArg),
  run: async (args, context) => {
    const client = await context.client();
    const group = await client.createConsumerGroup(parseIdentifier(args.streamId), parseIdentifier(args.topicId), args.name);
    context.output.info(`Consumer group "${group.name}" created with ID ${group.id}`);
    if (context.output.format === 'json') context.output.record(group);
  },
});
