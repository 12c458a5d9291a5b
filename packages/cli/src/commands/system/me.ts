import { defineCommand } from '../../define-command.js';
import { ME } from '../command-heads.js';

export const me = defineCommand({
  ...ME,
  builder: (y) => y,
  run: async (_args, context) => {
    const client = await context.client();
    context.output.record(await client.getMe());
  },
});
