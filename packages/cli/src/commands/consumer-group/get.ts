import { ErrorCode, IggyError } from '@iggy-node/sdk';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { groupIdArg, streamIdArg, topicIdArg } from '../../positionals.js';

export const consumerGroupGet = defineCommand({
  command: 'get <stream-id> <topic-id> <group-id>',
  describe: 'Show one consumer group with its members',
  builder: (y) => y.positional('stream-id', streamIdArg).positional('topic-id', topicIdArg).positional('group-id', groupIdArg),
  run: async (args, context) => {
    const client = await context.client();
    const group = await client.getConsumerGroup(
      parseIdentifier(args.streamId),
      parseIdentifier(args.topicId),
      parseIdentifier(args.groupId),
    );
    if (!group) throw new IggyError(ErrorCode.ConsumerGroupIdNotFound, `group ${args.groupId}`);
    context.output.record(group);
  },
});
