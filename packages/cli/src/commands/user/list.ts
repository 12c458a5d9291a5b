import { defineCommand } from '../../define-command.js';

export const userList = defineCommand({
  command: 'list',
  describe: 'List users',
  builder: (y) => y,
  run: async (_args, context) => {
    const client = await context.client();
    context.output.list(await client.getUsers(), ['id', 'username', 'status', 'createdAt']);
  },
});
