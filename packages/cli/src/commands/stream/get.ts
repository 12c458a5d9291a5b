import { ErrorCode, IggyError } from '@iggy-node/sdk';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg } from '../../positionals.js';

export const streamGet = defineCommand({
  command: 'get <stream-id>',
  describe: 'Show one stream',
  builder: (y) => y.positional('stream-id', streamIdArg),
  run: async (args, context) => {
    const client = await context.client();
    const stream = await client.getStream(parseIdentifier(args.streamId));
    if (!stream) throw new IggyError(ErrorCode.StreamIdNotFound, `stream ${args.streamId}`);
    const { topics, ...record } = stream;
    context.output.record(context.output.format === 'json' ? stream : { ...record, topics: topics.map((t) => t.name).join(', ') });
  },
});
