import { defineCommand } from '../../define-command.js';

export const patList = defineCommand({
  command: 'list',
  describe: 'List your personal access tokens',
  builder: (y) => y,
  run: async (_args, context) => {
    const client = await context.client();
    context.output.list(await client.getPersonalAccessTokens(), ['name', 'expiryAt']);
  },
});
