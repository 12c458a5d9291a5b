import { defineCommand } from '../../define-command.js';

export const me = defineCommand({
  command: 'me',
  describe: 'Show the client record of this connection',
  builder: (y) => y,
  run: async (_args, context) => {
    const client = await context.client();
    context.output.record(await client.getMe());
  },
});
