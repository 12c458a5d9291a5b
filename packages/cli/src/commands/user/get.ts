import { ErrorCode, IggyError } from '@iggy-node/sdk';
import { parseIdentifier } from '../../args/parse-identifier.js';
import { defineCommand } from '../../define-command.js';
import { userIdArg } from '../../positionals.js';

export const userGet = defineCommand({
  command: 'get <user-id>',
  describe: 'Show one user with its permissions',
  builder: (y) => y.positional('user-id', userIdArg),
  run: async (args, context) => {
    const client = await context.client();
    const user = await client.getUser(parseIdentifier(args.userId));
    if (!user) throw new IggyError(ErrorCode.ResourceNotFound, `user ${args.userId}`);
    context.output.record(user);
  },
});
