import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg } from '../../positionals.js';

export const streamDelete = defineCommand({
  command: 'delete <stream-id>',
  describe: 'Delete a stream with its topics and messages',
  builder: (y) => y.positional('stream-id', streamIdArg),
  run: async (args, context) => {
    const client = await context.client();
    await client.deleteStream(parseIdentifier(args.streamId));
    context.output.info(`Stream ${args.streamId} deleted`);
  },
});
