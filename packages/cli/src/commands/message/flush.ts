import { parseIdentifier } from '../../args/parse-identifier.js';
import { parseInteger } from '../../args/parse-integer.js';
import { defineCommand } from '../../define-command.js';
import { partitionIdArg, streamIdArg, topicIdArg } from '../../positionals.js';

export const messageFlush = defineCommand({
  command: 'flush <stream-id> <topic-id> <partition-id>',
  describe: "Write a partition's unsaved messages to disk now (--fsync: and fsync them)",
  builder: (y) =>
    y
      .positional('stream-id', streamIdArg)
      .positional('topic-id', topicIdArg)
      .positional('partition-id', partitionIdArg)
      .option('fsync', { alias: 'f', type: 'boolean', default: false, describe: 'Also fsync the flushed data' }),
  run: async (args, context) => {
    const partitionId = parseInteger(args.partitionId, 'partition id');
    const client = await context.client();
    await client.flushUnsavedBuffer(parseIdentifier(args.streamId), parseIdentifier(args.topicId), partitionId, args.fsync);
    context.output.info(`Flushed partition ${partitionId} of topic ${args.topicId} in stream ${args.streamId}${args.fsync ? ' (fsync)' : ''}`);
  },
});
