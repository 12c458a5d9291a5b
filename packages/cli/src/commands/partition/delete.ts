import { parseIdentifier } from '../../args/parse-identifier.js';
import { parseInteger } from '../../args/parse-integer.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg, topicIdArg } from '../../positionals.js';

export const partitionDelete = defineCommand({
  command: 'delete <stream-id> <topic-id> <partitions-count>',
  describe: 'Remove the last partitions of a topic',
  builder: (y) =>
    y
      .positional('stream-id', streamIdArg)
      .positional('topic-id', topicIdArg)
      .positional('partitions-count', { type: 'string', demandOption: true, describe: 'Partitions to remove' }),
  run: async (args, context) => {
    const count = parseInteger(args.partitionsCount, 'partitions count', 1, 1_000_000);
    const client = await context.client();
    await client.deletePartitions(parseIdentifier(args.streamId), parseIdentifier(args.topicId), count);
    context.output.info(`${count} partitions removed from topic ${args.topicId} in stream ${args.streamId}`);
  },
});
