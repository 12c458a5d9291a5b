import { parseIdentifier } from '../../args/parse-identifier.js';
import { parseInteger } from '../../args/parse-integer.js';
import { defineCommand } from '../../define-command.js';
import { partitionIdArg, streamIdArg, topicIdArg } from '../../positionals.js';

export const segmentDelete = defineCommand({
  command: 'delete <stream-id> <topic-id> <partition-id>',
  describe: 'Delete the oldest segments of a partition',
  builder: (y) =>
    y
      .positional('stream-id', streamIdArg)
      .positional('topic-id', topicIdArg)
      .positional('partition-id', partitionIdArg)
      .option('segments-count', { type: 'string', default: '1', describe: 'Segments to delete' }),
  run: async (args, context) => {
    const partitionId = parseInteger(args.partitionId, 'partition id');
    const count = parseInteger(args.segmentsCount, 'segments count', 1);
    const client = await context.client();
    await client.deleteSegments(parseIdentifier(args.streamId), parseIdentifier(args.topicId), partitionId, count);
    context.output.info(`${count} segments deleted from partition ${partitionId}`);
  },
});
