import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { streamIdArg } from '../../positionals.js';

export const streamPurge = defineCommand({
  command: 'purge <stream-id>',
  describe: 'Delete every message of a stream, keeping its topics',
  builder: (y) => y.positional('stream-id', streamIdArg),
  run: async (args, context) => {
    const client = await context.client();
    await client.purgeStream(parseIdentifier(args.streamId));
    context.output.info(`Stream ${args.streamId} purged`);
  },
});
