import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg, topicIdArg } from '../../positionals.js';

export const topicDelete = defineCommand({
  command: 'delete <stream-id> <topic-id>',
  describe: 'Delete a topic with its messages',
  builder: (y) => y.positional('stream-id', streamIdArg).positional('topic-id', topicIdArg),
  run: async (args, context) => {
    const client = await context.client();
    await client.deleteTopic(parseIdentifier(args.streamId), parseIdentifier(args.topicId));
    context.output.info(`Topic ${args.topicId} in stream ${args.streamId} deleted`);
  },
});
