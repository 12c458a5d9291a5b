import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg, topicIdArg } from '../../positionals.js';

export const consumerGroupList = defineCommand({
  command: 'list <stream-id> <topic-id>',
  describe: 'List the consumer groups of a topic',
  builder: (y) => y.positional('stream-id', streamIdArg).positional('topic-id', topicIdArg),
  run: async (args, context) => {
    const client = await context.client();
    const groups = await client.getConsumerGroups(parseIdentifier(args.streamId), parseIdentifier(args.topicId));
    context.output.list(groups, ['id', 'name', 'partitionsCount', 'membersCount']);
  },
});
