import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { nameArg, streamIdArg } from '../../positionals.js';

export const streamUpdate = defineCommand({
  command: 'update <stream-id> <name>',
  describe: 'Rename a stream',
  builder: (y) => y.positional('stream-id', streamIdArg).positional('name', nameArg),
  run: async (args, context) => {
    const client = await context.client();
    await client.updateStream(parseIdentifier(args.streamId), args.name);
    context.output.info(`Stream ${args.streamId} renamed to "${args.name}"`);
  },
});
