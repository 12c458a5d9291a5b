import { defineCommand } from '../../define-command.js';
import { nameArg } from '../../positionals.js';

export const streamCreate = defineCommand({
  command: 'create <name>',
  describe: 'Create a stream (the server assigns its ID)',
  builder: (y) => y.positional('name', nameArg),
  run: async (args, context) => {
    const client = await context.client();
    const stream = await client.createStream(args.name);
    context.output.info(`Stream "${stream.name}" created with ID ${stream.id}`);
    if (context.output.format === 'json') context.output.record(stream);
  },
});
