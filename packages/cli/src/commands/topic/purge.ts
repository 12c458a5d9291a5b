import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg, topicIdArg } from '../../positionals.js';

export const topicPurge = defineCommand({
  command: 'purge <stream-id> <topic-id>',
  describe: 'Delete every message of a topic',
  builder: (y) => y.positional('stream-id', streamIdArg).positional('topic-id', topicIdArg),
  run: async (args, context) => {
    const client = await context.client();
    await client.purgeTopic(parseIdentifier(args.streamId), parseIdentifier(args.topicId));
    context.output.info(`Topic ${args.topicId} in stream ${args.streamId} purged`);
  },
});
