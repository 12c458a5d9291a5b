import { defineCommand } from '../../define-command.js';

export const stats = defineCommand({
  command: 'stats',
  describe: 'Show server statistics',
  builder: (y) => y,
  run: async (_args, context) => {
    const client = await context.client();
    context.output.record(await client.getStats());
  },
});
