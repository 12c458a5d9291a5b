import { defineCommand } from '../../define-command.js';
import { nameArg } from '../../positionals.js';

export const patDelete = defineCommand({
  command: 'delete <name>',
  describe: 'Delete a personal access token',
  builder: (y) => y.positional('name', nameArg),
  run: async (args, context) => {
    const client = await context.client();
    await client.deletePersonalAccessToken(args.name);
    context.output.info(`Personal access token "${args.name}" deleted`);
  },
});
