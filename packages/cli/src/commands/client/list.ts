import { defineCommand } from '../../define-command.js';

export const clientList = defineCommand({
  command: 'list',
  describe: 'List connected clients',
  builder: (y) => y,
  run: async (_args, context) => {
    const client = await context.client();
    context.output.list(await client.getClients(), ['clientId', 'userId', 'transport', 'address', 'consumerGroupsCount']);
  },
});
