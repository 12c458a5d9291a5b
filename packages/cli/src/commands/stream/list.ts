import { defineCommand } from '../../define-command.js';

export const streamList = defineCommand({
  command: 'list',
  describe: 'List streams',
  builder: (y) => y,
  run: async (_args, context) => {
    const client = await context.client();
    const streams = await client.getStreams();
    context.output.list(streams, ['id', 'name', 'createdAt', 'topicsCount', 'sizeBytes', 'messagesCount']);
  },
});
