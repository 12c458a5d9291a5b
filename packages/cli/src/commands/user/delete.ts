import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { userIdArg } from '../../positionals.js';

export const userDelete = defineCommand({
  command: 'delete <user-id>',
  describe: 'Delete a user',
  builder: (y) => y.positional('user-id', userIdArg),
  run: async (args, context) => {
    const client = await context.client();
    await client.deleteUser(parseIdentifier(args.userId));
    context.output.info(`User ${args.userId} deleted`);
  },
});
