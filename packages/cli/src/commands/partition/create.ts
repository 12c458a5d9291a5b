import { parseIdentifier } from '../../args/parse-identifier.js';
import { parseInteger } from '../../args/parse-integer.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg, topicIdArg } from '../../positionals.js';

export const partitionCreate = defineCommand({
  command: 'create <stream-id> <topic-id> <partitions-count>',
  describe: 'Add partitions to a topic',
  builder: (y) =>
    y
      .positional('stream-id', streamIdArg)
      .positional('topic-id', topicIdArg)
      .positional('partitions-count', { type: 'string', demandOption: true, describe: 'Partitions to add' }),
  run: async (args, context) => {
    const count = parseInteger(args.partitionsCount, 'partitions count', 1, 1_000_000);
    const client = await context.client();
    await client.createPartitions(parseIdentifier(args.streamId), parseIdentifier(args.topicId), count);
    context.output.info(`${count} partitions added to topic ${args.topicId} in stream ${args.streamId}`);
  },
});
