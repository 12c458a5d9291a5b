import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { groupIdArg, streamIdArg, topicIdArg } from '../../positionals.js';

export const consumerGroupDelete = defineCommand({
  command: 'delete <stream-id> <topic-id> <group-id>',
  describe: 'Delete a consumer group',
  builder: (y) => y.positional('stream-id', streamIdArg).positional('topic-id', topicIdArg).positional('group-id', groupIdArg),
  run: async (args, context) => {
    const client = await context.client();
    await client.deleteConsumerGroup(parseIdentifier(args.streamId), parseIdentifier(args.topicId), parseIdentifier(args.groupId));
    context.output.info(`Consumer group ${args.groupId} deleted`);
  },
});
