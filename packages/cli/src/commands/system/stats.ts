import { defineCommand } from '../../define-command.js';
import { STATS } from '../command-heads.js';

export const stats = defineCommand({
  ...STATS,
  builder: (y) => y,
  run: async (_args, context) => {
    const client = await context.client();
    context.output.record(await client.getStats());
  },
});
